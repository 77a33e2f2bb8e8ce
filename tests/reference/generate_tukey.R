# Expected values for servgap._tukey (the studentized range distribution), from base R.
# Run from the repository root:  Rscript tests/reference/generate_tukey.R
# Writes tests/reference/tukey/ptukey.csv and qtukey.csv; the tests read them and need no R.
# Values are written with 17 significant digits (write.csv keeps only 15).
out <- "tests/reference/tukey"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
fmt <- function(x) ifelse(is.finite(x), sprintf("%.17g", x), as.character(x))

ks <- c(2, 3, 5, 10, 20)
# integer df, Welch-like non-integer df, and Inf (R's df > 25000 path: the range distribution)
dfs <- c(2, 3, 5, 7.3, 10, 30, 48.6, 100, 1000, 1234.5, Inf)
qs <- c(0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8)

grid <- expand.grid(q = qs, k = ks, df = dfs)
grid$upper <- mapply(function(q, k, df) ptukey(q, k, df, lower.tail = FALSE),
                     grid$q, grid$k, grid$df)
grid$lower <- mapply(function(q, k, df) ptukey(q, k, df), grid$q, grid$k, grid$df)
write.csv(data.frame(q = grid$q, k = grid$k, df = fmt(grid$df), upper = fmt(grid$upper),
                     lower = fmt(grid$lower)),
          file.path(out, "ptukey.csv"), row.names = FALSE, quote = FALSE)

# qtukey stops its secant search once a step is below 1e-4 (see ?qtukey): `quantile` is what
# R returns, `quantile_precise` solves R's own ptukey(q) = p to 1e-13 with uniroot.
quant <- expand.grid(p = c(0.9, 0.95, 0.99), k = ks, df = dfs)
quant$quantile <- mapply(qtukey, quant$p, quant$k, quant$df)
quant$quantile_precise <- mapply(function(p, k, df) {
  uniroot(function(x) ptukey(x, k, df) - p, c(0.5, 200), tol = 1e-13)$root
}, quant$p, quant$k, quant$df)
write.csv(data.frame(p = quant$p, k = quant$k, df = fmt(quant$df),
                     quantile = fmt(quant$quantile),
                     quantile_precise = fmt(quant$quantile_precise)),
          file.path(out, "qtukey.csv"), row.names = FALSE, quote = FALSE)
