# Expected values for servgap.gap_trend, servgap.drivers and servgap.provider_gaps, computed with
# base R (stats::lm, stats::t.test, base::eigen).
# Run from the repository root:  Rscript tests/reference/generate_priorities.R
# Writes tests/reference/priorities/*.csv; the tests read them and need no R.
set.seed(20261201)
out <- "tests/reference/priorities"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

dims <- list(Speed = c("1", "2"), Care = c("3", "4", "5"), Place = c("6", "7"))
items <- unlist(dims, use.names = FALSE)
likert <- function(x) pmin(pmax(round(x), 1), 7)

# respondents x items of E and P on a 1-7 scale with a common person effect; P − E drifts by
# `shift` (one value per respondent) so that gaps move with it
answers <- function(n, shift, e_level = 5.6) {
  person <- rnorm(n)
  E <- sapply(items, function(i) likert(e_level + 0.6 * person + rnorm(n, 0, 0.7)))
  P <- sapply(seq_along(items), function(j) likert(E[, j] - 0.8 + shift + 0.2 * j / length(items) +
                                                     0.4 * person + rnorm(n, 0, 0.9)))
  colnames(E) <- colnames(P) <- items
  list(E = E, P = P)
}
frame <- function(a, extra = list()) {
  raw <- data.frame(extra, check.names = FALSE)
  if (ncol(raw) == 0) raw <- data.frame(row.names = seq_len(nrow(a$E)))
  for (i in items) raw[[paste0("E_", i)]] <- a$E[, i]
  for (i in items) raw[[paste0("P_", i)]] <- a$P[, i]
  raw
}
dimension_gaps <- function(a) {
  G <- a$P - a$E
  sapply(dims, function(d) rowMeans(G[, d, drop = FALSE]))
}

# -- gap_trend: lm(gap ~ period_index) on respondent gap scores -------------------------------
periods <- c("2026-01", "2026-02", "2026-03", "2026-04", "2026-05")
period <- sample(periods, 200, replace = TRUE)
index <- match(period, periods)
a <- answers(200, shift = 0.15 * index)
a$P[sample(length(a$P), 30)] <- NA       # a few missing perceptions: item gaps lost
raw <- frame(a, list(id = sprintf("t%03d", 1:200), month = period))
write.csv(raw, file.path(out, "trend_input.csv"), row.names = FALSE, na = "")
G <- a$P - a$E
dim_g <- sapply(dims, function(d) rowMeans(G[, d, drop = FALSE], na.rm = TRUE))
dim_g[is.nan(dim_g)] <- NA
trend_rows <- list()
period_rows <- list()
units <- list(dimension = dim_g, item = G)
for (level in names(units)) {
  U <- units[[level]]
  for (u in colnames(U)) {
    y <- U[, u]
    ok <- !is.na(y)
    fit <- summary(lm(y ~ index, subset = ok))
    co <- fit$coefficients["index", ]
    trend_rows[[length(trend_rows) + 1]] <- data.frame(
      level = level, unit = u, n = sum(ok), slope = co[["Estimate"]], slope_se = co[["Std. Error"]],
      statistic = co[["t value"]], dof = fit$df[2], p_val = co[["Pr(>|t|)"]])
    for (k in seq_along(periods)) {
      x <- y[ok & index == k]
      tt <- t.test(x)
      period_rows[[length(period_rows) + 1]] <- data.frame(
        level = level, unit = u, period = periods[k], n = length(x), gap_mean = mean(x),
        ci_low = tt$conf.int[1], ci_high = tt$conf.int[2])
    }
  }
}
write.csv(do.call(rbind, trend_rows), file.path(out, "trend_expected.csv"), row.names = FALSE)
write.csv(do.call(rbind, period_rows), file.path(out, "trend_periods_expected.csv"), row.names = FALSE)

# -- drivers: standardised OLS and Johnson's (2000) relative weights --------------------------
# Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor
# variables in multiple regression. Multivariate Behavioral Research 35(1), 1-19.
relative_weights <- function(X, y) {
  R <- cor(X)
  rxy <- cor(X, y)
  e <- eigen(R, symmetric = TRUE)
  Z <- e$vectors %*% diag(sqrt(e$values)) %*% t(e$vectors)   # R^(1/2)
  beta_star <- solve(Z, rxy)
  drop((Z^2) %*% (beta_star^2))
}
n <- 180
a <- answers(n, shift = 0)
g <- dimension_gaps(a)
p <- sapply(dims, function(d) rowMeans(a$P[, d, drop = FALSE]))
satisfaction <- round(6 + 0.9 * g[, "Speed"] + 0.5 * g[, "Care"] + 0.1 * g[, "Place"] + rnorm(n, 0, 0.8), 1)
raw <- frame(a, list(id = sprintf("d%03d", 1:n), satisfaction = satisfaction))
write.csv(raw, file.path(out, "drivers_input.csv"), row.names = FALSE)
driver_rows <- list()
for (predictors in c("gap", "perception")) {
  X <- if (predictors == "gap") g else p
  fit <- lm(scale(satisfaction) ~ scale(X))
  beta <- unname(coef(fit)[-1])
  eps <- relative_weights(X, satisfaction)
  r2 <- summary(lm(satisfaction ~ X))$r.squared
  driver_rows[[predictors]] <- data.frame(predictors = predictors, dimension = names(dims), beta = beta,
                                          relative_weight = eps, relative_weight_pct = 100 * eps / r2,
                                          r2 = r2)
}
write.csv(do.call(rbind, driver_rows), file.path(out, "drivers_expected.csv"), row.names = FALSE)

# -- provider_gaps: Welch t-tests of customers against staff ----------------------------------
customers <- answers(70, shift = 0)
staff <- answers(24, shift = 0.7, e_level = 5.0)   # staff underrate what customers expect
staff$E[3, "4"] <- NA
write.csv(frame(customers, list(id = sprintf("c%02d", 1:70))), file.path(out, "provider_customers.csv"),
          row.names = FALSE, na = "")
write.csv(frame(staff, list(id = sprintf("s%02d", 1:24))), file.path(out, "provider_staff.csv"),
          row.names = FALSE, na = "")
welch <- function(x, y) {
  tt <- t.test(x, y, var.equal = FALSE)
  data.frame(customer_n = sum(!is.na(x)), staff_n = sum(!is.na(y)), customer_mean = mean(x, na.rm = TRUE),
             staff_mean = mean(y, na.rm = TRUE), difference = unname(tt$estimate[1] - tt$estimate[2]),
             statistic = unname(tt$statistic), dof = unname(tt$parameter), p_val = tt$p.value,
             ci_low = tt$conf.int[1], ci_high = tt$conf.int[2])
}
dim_mean <- function(M) {
  out <- sapply(dims, function(d) rowMeans(M[, d, drop = FALSE], na.rm = TRUE))
  out[is.nan(out)] <- NA
  out
}
provider_rows <- list()
for (kind in c("expectation", "perception")) {
  k <- if (kind == "expectation") "E" else "P"
  for (level in c("item", "dimension")) {
    C <- if (level == "item") customers[[k]] else dim_mean(customers[[k]])
    S <- if (level == "item") staff[[k]] else dim_mean(staff[[k]])
    for (u in colnames(C)) {
      provider_rows[[length(provider_rows) + 1]] <- cbind(
        data.frame(comparison = kind, level = level, unit = u), welch(C[, u], S[, u]))
    }
  }
}
write.csv(do.call(rbind, provider_rows), file.path(out, "provider_expected.csv"), row.names = FALSE)
