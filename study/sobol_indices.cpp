#include <limits>
#include <stdexcept>
#include <tuple>

#include "study/bootstrap.h"
#include "study/sensitivity.h"

namespace stackrace {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint32_t kSobolPurpose = 1;  // bootstrap purpose, apart from Morris's

// The outputs of base sample j: f(A_j), f(AB_j^(i)) and f(B_j).
struct SaltelliView {
  const std::vector<double>& y;
  int factors;
  double a(std::size_t j) const { return y[j * (factors + 2)]; }
  double ab(std::size_t j, int i) const { return y[j * (factors + 2) + 1 + i]; }
  double b(std::size_t j) const { return y[j * (factors + 2) + factors + 1]; }
};

// S1 and ST of every factor over the base samples listed in `rows` (with
// repeats when bootstrapping).
void estimate(const SaltelliView& v, const std::vector<std::size_t>& rows, std::vector<double>& first,
              std::vector<double>& total) {
  const double n = static_cast<double>(rows.size());
  double sum = 0;
  for (std::size_t j : rows) sum += v.a(j) + v.b(j);
  const double mean = sum / (2 * n);
  double squares = 0;
  for (std::size_t j : rows) squares += (v.a(j) - mean) * (v.a(j) - mean) + (v.b(j) - mean) * (v.b(j) - mean);
  const double variance = squares / (2 * n);
  first.assign(v.factors, kNaN);
  total.assign(v.factors, kNaN);
  if (!(variance > 0)) return;
  for (int i = 0; i < v.factors; ++i) {
    double s1 = 0, st = 0;
    for (std::size_t j : rows) {
      // f(B) centred: the uncentred product's noise grows with the
      // outcome's mean squared over its variance (S1 of 14 for a share
      // near 0.15 that varies by 0.002).
      s1 += (v.b(j) - mean) * (v.ab(j, i) - v.a(j));
      st += (v.a(j) - v.ab(j, i)) * (v.a(j) - v.ab(j, i));
    }
    first[i] = s1 / n / variance;
    total[i] = st / (2 * n) / variance;
  }
}

}  // namespace

SobolIndices sobol_indices(const std::vector<double>& y, int base_samples, int factors, int resamples,
                           std::uint64_t seed) {
  if (base_samples < 2 || factors < 1 || y.size() != static_cast<std::size_t>(base_samples) * (factors + 2))
    throw std::invalid_argument("sobol_indices: expected base_samples * (factors + 2) outputs");
  const SaltelliView view{y, factors};
  std::vector<std::size_t> rows(base_samples);
  for (int j = 0; j < base_samples; ++j) rows[j] = j;
  std::vector<double> first, total;
  estimate(view, rows, first, total);

  SobolIndices out;
  out.first.resize(factors);
  out.total.resize(factors);
  for (int i = 0; i < factors; ++i) {
    out.first[i] = {first[i], kNaN, kNaN};
    out.total[i] = {total[i], kNaN, kNaN};
  }
  if (resamples <= 0) return out;

  std::vector<std::vector<double>> boot_first(factors), boot_total(factors);
  std::vector<double> f, t;
  for (int r = 0; r < resamples; ++r) {
    estimate(view, bootstrap_rows(seed, kSobolPurpose, r, base_samples), f, t);
    for (int i = 0; i < factors; ++i) {
      boot_first[i].push_back(f[i]);
      boot_total[i].push_back(t[i]);
    }
  }
  for (int i = 0; i < factors; ++i) {
    std::tie(out.first[i].low, out.first[i].high) = interval_95(boot_first[i]);
    std::tie(out.total[i].low, out.total[i].high) = interval_95(boot_total[i]);
  }
  return out;
}

}  // namespace stackrace
