#include <cmath>
#include <limits>
#include <stdexcept>

#include "study/sensitivity.h"

namespace stackrace {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void mean_sd(const std::vector<double>& v, double& mean, double& sd) {
  double sum = 0;
  for (double x : v) sum += x;
  mean = sum / static_cast<double>(v.size());
  double squares = 0;
  for (double x : v) squares += (x - mean) * (x - mean);
  sd = v.size() > 1 ? std::sqrt(squares / static_cast<double>(v.size() - 1)) : 0.0;
}

// Solves a x = b (a: n x n, row-major) by Gaussian elimination with partial
// pivoting; false when a is singular to working precision.
bool solve(std::vector<std::vector<double>> a, std::vector<double> b, std::vector<double>& x) {
  const std::size_t n = b.size();
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r)
      if (std::fabs(a[r][col]) > std::fabs(a[pivot][col])) pivot = r;
    if (std::fabs(a[pivot][col]) < 1e-12) return false;
    std::swap(a[pivot], a[col]);
    std::swap(b[pivot], b[col]);
    for (std::size_t r = col + 1; r < n; ++r) {
      const double factor = a[r][col] / a[col][col];
      for (std::size_t c = col; c < n; ++c) a[r][c] -= factor * a[col][c];
      b[r] -= factor * b[col];
    }
  }
  x.assign(n, 0);
  for (std::size_t r = n; r-- > 0;) {
    double sum = b[r];
    for (std::size_t c = r + 1; c < n; ++c) sum -= a[r][c] * x[c];
    x[r] = sum / a[r][r];
  }
  return true;
}

// The columns of x that vary, standardised to mean 0 and sd 1, with the
// factor each came from; a factor that never varies has no coefficient.
struct StandardisedColumns {
  std::vector<std::size_t> factor;
  std::vector<std::vector<double>> z;
};

StandardisedColumns standardised_columns(const std::vector<std::vector<double>>& x) {
  const std::size_t n = x.size(), factors = x.front().size();
  StandardisedColumns out;
  for (std::size_t f = 0; f < factors; ++f) {
    std::vector<double> column(n);
    for (std::size_t i = 0; i < n; ++i) column[i] = x[i][f];
    double m = 0, sd = 0;
    mean_sd(column, m, sd);
    if (!(sd > 0)) continue;
    for (double& v : column) v = (v - m) / sd;
    out.factor.push_back(f);
    out.z.push_back(column);
  }
  return out;
}

// Z'Z of the columns z.
std::vector<std::vector<double>> gram(const std::vector<std::vector<double>>& z) {
  const std::size_t k = z.size();
  std::vector<std::vector<double>> ztz(k, std::vector<double>(k, 0));
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = 0; b < k; ++b)
      for (std::size_t i = 0; i < z[a].size(); ++i) ztz[a][b] += z[a][i] * z[b][i];
  }
  return ztz;
}

// Least squares through the normal equations Z'Z b = Z'y, with no intercept
// since every column has mean 0; false when there is no column or Z'Z is
// singular.
bool least_squares(const std::vector<std::vector<double>>& z, const std::vector<std::vector<double>>& ztz,
                   const std::vector<double>& zy, std::vector<double>& beta) {
  const std::size_t k = z.size();
  std::vector<double> zty(k, 0);
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t i = 0; i < zy.size(); ++i) zty[a] += z[a][i] * zy[i];
  return k > 0 && solve(ztz, zty, beta);
}

// Share of the variance of the standardised outcome zy that the fit explains.
double r_squared(const std::vector<std::vector<double>>& z, const std::vector<double>& zy,
                 const std::vector<double>& beta) {
  double residual = 0, total = 0;
  for (std::size_t i = 0; i < zy.size(); ++i) {
    double fit = 0;
    for (std::size_t a = 0; a < beta.size(); ++a) fit += beta[a] * z[a][i];
    residual += (zy[i] - fit) * (zy[i] - fit);
    total += zy[i] * zy[i];
  }
  return 1 - residual / total;
}

}  // namespace

Regression standardised_regression(const std::vector<std::vector<double>>& x, const std::vector<double>& y) {
  const std::size_t n = y.size();
  if (n != x.size() || n < 2) throw std::invalid_argument("standardised_regression: need >= 2 matching rows");
  Regression out;
  out.src.assign(x.front().size(), kNaN);
  out.noise_gain.assign(x.front().size(), kNaN);
  out.r2 = kNaN;
  double y_mean = 0, y_sd = 0;
  mean_sd(y, y_mean, y_sd);
  if (!(y_sd > 0)) return out;

  const StandardisedColumns columns = standardised_columns(x);
  std::vector<double> zy(n);
  for (std::size_t i = 0; i < n; ++i) zy[i] = (y[i] - y_mean) / y_sd;
  std::vector<double> beta;
  const std::vector<std::vector<double>> ztz = gram(columns.z);
  if (!least_squares(columns.z, ztz, zy, beta)) return out;
  for (std::size_t a = 0; a < beta.size(); ++a) {
    out.src[columns.factor[a]] = beta[a];
    // Var(b) = sigma^2 (Z'Z)^-1 for noise of variance sigma^2 in zy, and
    // noise of sd 1 in y is noise of sd 1 / sd(y) in zy.
    std::vector<double> unit(beta.size(), 0), column;
    unit[a] = 1;
    if (solve(ztz, unit, column) && column[a] > 0) out.noise_gain[columns.factor[a]] = std::sqrt(column[a]) / y_sd;
  }
  out.r2 = r_squared(columns.z, zy, beta);
  return out;
}

}  // namespace stackrace
