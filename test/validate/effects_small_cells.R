#!/usr/bin/env Rscript
# Coverage of the effect interval in small cells, by simulation (R only; not
# part of make test or make validate, which check the implementation against
# R and the estimator against the synthetic truth at >= 300 participants).
# A cell of N1 participants, each in a stratum of its own (weekly strata),
# with 5, 20, 100 or 400 comparison observations; stratum exit rates r drawn
# from [lo, hi], the participants' rates q = r + delta clipped to [0, 1]; the
# truth is the mean of q - r over the cell's strata.  For the hybrid score
# interval (as effect_ci_low/high compute it) and the normal interval
# ATT -/+ 1.96 effect_se: coverage and mean width over 4,000 cells each.
#   Rscript test/validate/effects_small_cells.R
set.seed(1)   # the figures in docs/effects.md
z <- qnorm(0.975)
# Wilson limits of x of n (n need not be whole), as ekpi_wilson_limits
wilson <- function(x, n) {
  p <- x / n; k <- z^2 / (2 * n); root <- z * sqrt(p * (1 - p) / n + k / (2 * n))
  c(if (x <= 0) 0 else p^2 / (p + k + root), if (x >= n) 1 else (p + k + root) / (1 + 2 * k))
}
# one simulated cell: covered by each interval, and their widths
one <- function(N1, lo, hi, delta) {
  n0 <- sample(c(5, 20, 100, 400), N1, replace = TRUE)
  r <- runif(N1, lo, hi); q <- pmin(1, pmax(0, r + delta))
  y0 <- rbinom(N1, n0, r); y1 <- rbinom(N1, 1, q)
  truth <- mean(q - r)
  w <- rep(1 / N1, N1); p1 <- mean(y1); p0 <- sum(w * y0 / n0); att <- p1 - p0
  # hybrid score interval: Wilson of the participants, Wilson of the
  # comparison at its effective size (smoothed rates, capped at the count)
  rs <- (y0 + 0.5) / (n0 + 1); v0 <- sum(w^2 * rs * (1 - rs) / n0); rb <- sum(w * rs)
  ne <- min(sum(n0), rb * (1 - rb) / v0)
  t <- wilson(sum(y1), N1); c0 <- wilson(p0 * ne, ne)
  L <- att - sqrt((p1 - t[1])^2 + (c0[2] - p0)^2); U <- att + sqrt((t[2] - p1)^2 + (p0 - c0[1])^2)
  # normal interval with effect_se (treated side at q = r + ATT, clipped)
  qq <- pmin(1, pmax(0, rs + att)); se <- sqrt(sum(w^2 * (qq * (1 - qq) / 1 + rs * (1 - rs) / n0)))
  c(hybrid = L <= truth && truth <= U, normal = att - z * se <= truth && truth <= att + z * se,
    w_hybrid = U - L, w_normal = 2 * z * se)
}
cat(sprintf("%4s %-9s %6s | %6s %6s | %8s %8s\n", "N1", "rates", "delta", "hybrid", "normal", "w_hybrid", "w_normal"))
for (N1 in c(5, 10, 20, 50, 200)) for (rr in list(c(0.02, 0.1), c(0.1, 0.6))) for (delta in c(0, 0.2, -0.3)) {
  res <- replicate(4000, one(N1, rr[1], rr[2], delta))
  cat(sprintf("%4d %-9s %6.2f | %6.3f %6.3f | %8.3f %8.3f\n", N1, paste(rr, collapse = "-"), delta,
              mean(res[1, ]), mean(res[2, ]), mean(res[3, ]), mean(res[4, ])))
}
