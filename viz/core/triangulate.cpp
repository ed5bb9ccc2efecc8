#include "viz/core/triangulate.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace stackrace::viz {
namespace {

// Twice the signed area of triangle (a, b, c): > 0 when counter-clockwise.
std::int64_t cross(GridPoint a, GridPoint b, GridPoint c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

// p inside triangle (a, b, c) or on its boundary; (a, b, c) counter-clockwise.
bool in_triangle(GridPoint a, GridPoint b, GridPoint c, GridPoint p) {
  return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
}

// The rings as circular doubly linked lists of nodes. Bridges duplicate the
// two vertices they join, so a vertex can have several nodes.
class EarClipper {
 public:
  explicit EarClipper(Triangulation& out) : out_(out) {}

  // Links a ring's vertices (numbered from `first_vertex`) in the requested
  // orientation. Returns a node of the ring, or -1 when it has < 3 vertices.
  int add_ring(const std::vector<GridPoint>& ring, std::uint32_t first_vertex, bool counter_clockwise) {
    std::vector<int> ids;
    for (std::size_t i = 0; i < ring.size(); ++i) {
      if (!ids.empty() && nodes_[ids.back()].p == ring[i]) continue;
      ids.push_back(new_node(ring[i], first_vertex + static_cast<std::uint32_t>(i)));
    }
    while (ids.size() > 1 && nodes_[ids.back()].p == nodes_[ids.front()].p) ids.pop_back();
    if (ids.size() < 3) return -1;
    // The sign of the shoelace sum is all that is used; a double holds it
    // exactly enough, and cannot overflow on rings spanning the whole map.
    double twice_area = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const GridPoint a = nodes_[ids[i]].p, b = nodes_[ids[(i + 1) % ids.size()]].p;
      twice_area +=
          static_cast<double>(a.x) * static_cast<double>(b.y) - static_cast<double>(b.x) * static_cast<double>(a.y);
    }
    if (twice_area == 0) return -1;
    if ((twice_area > 0) != counter_clockwise) std::reverse(ids.begin(), ids.end());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      nodes_[ids[i]].next = ids[(i + 1) % ids.size()];
      nodes_[ids[(i + 1) % ids.size()]].prev = ids[i];
    }
    return ids.front();
  }

  // Joins the hole ring containing `hole` into the outer ring containing `outer`.
  bool merge_hole(int outer, int hole) {
    const int m = rightmost(hole);
    const int p = find_bridge(outer, m);
    if (p < 0) return false;
    const int m2 = new_node(nodes_[m].p, nodes_[m].vertex);
    const int p2 = new_node(nodes_[p].p, nodes_[p].vertex);
    const int p_next = nodes_[p].next, m_prev = nodes_[m].prev;
    // outer: ... p, m, (hole from m round to m_prev), m2, p2, p_next, ...
    link(p, m);
    link(m_prev, m2);
    link(m2, p2);
    link(p2, p_next);
    return true;
  }

  GridPoint position(int n) const { return nodes_[n].p; }

  int rightmost(int start) const {
    int best = start;
    for (int n = nodes_[start].next; n != start; n = nodes_[n].next) {
      const GridPoint a = nodes_[n].p, b = nodes_[best].p;
      if (a.x > b.x || (a.x == b.x && a.y < b.y)) best = n;
    }
    return best;
  }

  void clip(int start) {
    int ear = start, stop = start;
    bool filtered = false;
    while (nodes_[ear].prev != nodes_[ear].next) {
      const int prev = nodes_[ear].prev, next = nodes_[ear].next;
      if (is_ear(ear)) {
        emit(prev, ear, next);
        unlink(ear);
        ear = next;
        stop = next;
        filtered = false;
        continue;
      }
      ear = next;
      if (ear != stop) continue;
      // A whole turn without an ear.
      if (!filtered) {
        ear = stop = remove_degenerate(ear);
        filtered = true;
      } else {
        ear = stop = force_clip(ear);
        filtered = false;
      }
      if (ear < 0) return;
    }
  }

 private:
  struct Node {
    GridPoint p;
    std::uint32_t vertex;
    int prev = -1, next = -1;
  };

  int new_node(GridPoint p, std::uint32_t vertex) {
    nodes_.push_back(Node{p, vertex});
    return static_cast<int>(nodes_.size()) - 1;
  }
  void link(int a, int b) {
    nodes_[a].next = b;
    nodes_[b].prev = a;
  }
  void unlink(int n) { link(nodes_[n].prev, nodes_[n].next); }
  void emit(int a, int b, int c) {
    out_.indices.push_back(nodes_[a].vertex);
    out_.indices.push_back(nodes_[b].vertex);
    out_.indices.push_back(nodes_[c].vertex);
  }

  bool is_ear(int ear) const {
    const int ia = nodes_[ear].prev, ic = nodes_[ear].next;
    const GridPoint a = nodes_[ia].p, b = nodes_[ear].p, c = nodes_[ic].p;
    if (cross(a, b, c) <= 0) return false;  // reflex or flat: not an ear
    const std::int64_t min_x = std::min({a.x, b.x, c.x}), max_x = std::max({a.x, b.x, c.x});
    const std::int64_t min_y = std::min({a.y, b.y, c.y}), max_y = std::max({a.y, b.y, c.y});
    for (int n = nodes_[ic].next; n != ia; n = nodes_[n].next) {
      const GridPoint p = nodes_[n].p;
      if (p.x < min_x || p.x > max_x || p.y < min_y || p.y > max_y) continue;
      // Copies of the ear's ends (bridge ends, pinched rings) touch it
      // without entering it. A copy of its tip enters it when the ring turns
      // back there (reflex): the ear would then cover the other lobe.
      if (p == a || p == c) continue;
      if (p == b) {
        if (cross(nodes_[nodes_[n].prev].p, p, nodes_[nodes_[n].next].p) < 0) return false;
        continue;
      }
      if (in_triangle(a, b, c, p)) return false;
    }
    return true;
  }

  // Removes vertices where the ring does not turn (collinear runs, spikes,
  // repeated points); they add no area. Returns a remaining node, or -1.
  int remove_degenerate(int start) {
    int n = start, stop = start;
    do {
      const int prev = nodes_[n].prev, next = nodes_[n].next;
      if (prev == next) return -1;
      if (cross(nodes_[prev].p, nodes_[n].p, nodes_[next].p) == 0 || nodes_[n].p == nodes_[next].p) {
        unlink(n);
        n = stop = prev;
        continue;
      }
      n = next;
    } while (n != stop);
    return n;
  }

  // Only self-intersecting rings get here: clip the smallest convex corner so
  // that the run terminates, and count it.
  int force_clip(int start) {
    int best = -1;
    std::int64_t best_area = std::numeric_limits<std::int64_t>::max();
    int n = start;
    do {
      const std::int64_t area = cross(nodes_[nodes_[n].prev].p, nodes_[n].p, nodes_[nodes_[n].next].p);
      if (area > 0 && area < best_area) best_area = area, best = n;
      n = nodes_[n].next;
    } while (n != start);
    if (best < 0) best = start;  // nothing convex: drop a vertex without a triangle
    const int next = nodes_[best].next;
    if (best_area != std::numeric_limits<std::int64_t>::max()) {
      emit(nodes_[best].prev, best, next);
      ++out_.forced_clips;
    }
    unlink(best);
    return nodes_[next].prev == nodes_[next].next ? -1 : next;
  }

  // A vertex of the outer ring that hole vertex m sees: cast a ray from m to
  // +x, take the nearest edge it hits, then the vertex of that edge or, if
  // the triangle between m, the hit and that vertex holds outer vertices, the
  // one of those closest in angle to the ray (it is visible). -1 if none.
  int find_bridge(int outer, int m) const {
    const GridPoint mp = nodes_[m].p;
    double hit_x = std::numeric_limits<double>::infinity();
    int edge = -1;
    int n = outer;
    do {
      const GridPoint a = nodes_[n].p, b = nodes_[nodes_[n].next].p;
      const double ax = static_cast<double>(a.x);
      if (a.y == mp.y && a.x >= mp.x && (ax < hit_x || (ax == hit_x && locally_inside(n, mp)))) {
        hit_x = ax;
        edge = n;  // the ray passes through vertex a; of repeated vertices, take one facing m
      } else if ((a.y < mp.y && b.y > mp.y) || (a.y > mp.y && b.y < mp.y)) {
        const double x = static_cast<double>(a.x) + static_cast<double>(mp.y - a.y) * static_cast<double>(b.x - a.x) /
                                                        static_cast<double>(b.y - a.y);
        if (x >= static_cast<double>(mp.x) && x < hit_x) {
          hit_x = x;
          edge = n;
        }
      }
      n = nodes_[n].next;
    } while (n != outer);
    if (edge < 0) return -1;
    const GridPoint ea = nodes_[edge].p;
    if (ea.y == mp.y && static_cast<double>(ea.x) == hit_x) return edge;
    const int edge_b = nodes_[edge].next;
    const int candidate = nodes_[edge_b].p.x > ea.x ? edge_b : edge;
    const GridPoint cp = nodes_[candidate].p;

    // Outer vertices inside the triangle (m, hit, candidate) can hide the
    // candidate; the one making the smallest angle with the ray is visible.
    const double hx = hit_x;
    auto in_hit_triangle = [&](GridPoint q) {
      const double ax = static_cast<double>(mp.x), ay = static_cast<double>(mp.y);
      const double bx = hx, by = ay, cx = static_cast<double>(cp.x), cy = static_cast<double>(cp.y);
      const double qx = static_cast<double>(q.x), qy = static_cast<double>(q.y);
      const double d1 = (bx - ax) * (qy - ay) - (by - ay) * (qx - ax);
      const double d2 = (cx - bx) * (qy - by) - (cy - by) * (qx - bx);
      const double d3 = (ax - cx) * (qy - cy) - (ay - cy) * (qx - cx);
      return (d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0);
    };
    int best = candidate;
    std::int64_t best_dy = std::llabs(cp.y - mp.y), best_dx = cp.x - mp.x;
    n = outer;
    do {
      const GridPoint q = nodes_[n].p;
      if (n != candidate && q.x > mp.x && in_hit_triangle(q)) {
        const std::int64_t dy = std::llabs(q.y - mp.y), dx = q.x - mp.x;
        // tan(angle) = dy / dx; compare dy1 * dx2 with dy2 * dx1 exactly.
        const __int128 lhs = static_cast<__int128>(dy) * best_dx, rhs = static_cast<__int128>(best_dy) * dx;
        const bool closer = lhs < rhs || (lhs == rhs && dx < best_dx);
        if (closer && locally_inside(n, mp)) {
          best = n;
          best_dy = dy;
          best_dx = dx;
        }
      }
      n = nodes_[n].next;
    } while (n != outer);
    return best;
  }

  // Whether the segment from node n towards q starts inside the polygon's
  // angle at n (matters where a vertex is repeated).
  bool locally_inside(int n, GridPoint q) const {
    const GridPoint a = nodes_[nodes_[n].prev].p, b = nodes_[n].p, c = nodes_[nodes_[n].next].p;
    // Inside is to the left of both edges at a convex corner, of either at a reflex one.
    if (cross(a, b, c) >= 0) return cross(a, b, q) >= 0 && cross(b, c, q) >= 0;
    return cross(a, b, q) >= 0 || cross(b, c, q) >= 0;
  }

  Triangulation& out_;
  std::vector<Node> nodes_;
};

}  // namespace

Triangulation triangulate(const std::vector<std::vector<GridPoint>>& rings) {
  Triangulation out;
  if (rings.empty()) return out;
  EarClipper clipper(out);
  std::uint32_t first_vertex = 0;
  const int outer = clipper.add_ring(rings[0], first_vertex, true);
  first_vertex += static_cast<std::uint32_t>(rings[0].size());
  if (outer < 0) return out;
  struct Hole {
    int node;
    GridPoint rightmost;
  };
  std::vector<Hole> holes;
  for (std::size_t r = 1; r < rings.size(); ++r) {
    const int hole = clipper.add_ring(rings[r], first_vertex, false);
    first_vertex += static_cast<std::uint32_t>(rings[r].size());
    if (hole >= 0) holes.push_back({hole, clipper.position(clipper.rightmost(hole))});
  }
  // Holes are joined from the rightmost leftwards, so that each bridge only
  // meets the outer ring and the holes already joined to it.
  std::sort(holes.begin(), holes.end(), [](const Hole& a, const Hole& b) {
    return a.rightmost.x != b.rightmost.x ? a.rightmost.x > b.rightmost.x : a.rightmost.y < b.rightmost.y;
  });
  for (const Hole& h : holes)
    if (!clipper.merge_hole(outer, h.node)) ++out.dropped_holes;
  clipper.clip(outer);
  return out;
}

}  // namespace stackrace::viz
