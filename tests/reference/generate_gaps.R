# Expected values for servgap.gap_scores, computed with base R (stats::t.test, weighted.mean).
# Run from the repository root:  Rscript tests/reference/generate_gaps.R
# Writes tests/reference/gaps/*.csv; the tests read them and need no R.
set.seed(20261123)
out <- "tests/reference/gaps"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

dims <- list(A = c("a1", "a2", "a3"), B = c("b1", "b2"), C = c("c1", "c2", "c3", "c4"))
items <- unlist(dims, use.names = FALSE)
n <- 60
E <- matrix(sample(2:5, n * length(items), replace = TRUE, prob = c(.1, .2, .4, .3)), n)
P <- matrix(sample(1:5, n * length(items), replace = TRUE), n)
E[runif(length(E)) < 0.08] <- NA
P[runif(length(P)) < 0.08] <- NA
E[5, ] <- NA                     # a respondent without expectations: no gaps at all
colnames(E) <- colnames(P) <- items
grp <- sample(c("north", "south"), n, replace = TRUE)
w <- round(runif(n, 0.5, 2.5), 3)
W <- t(apply(matrix(runif(n * 3), n), 1, function(r) round(100 * r / sum(r))))
colnames(W) <- names(dims)
raw <- data.frame(id = sprintf("r%02d", 1:n), grp = grp, w = w)
for (i in items) raw[[paste0("E_", i)]] <- E[, i]
for (i in items) raw[[paste0("P_", i)]] <- P[, i]
for (d in names(dims)) raw[[paste0("W_", d)]] <- W[, d]
write.csv(raw, file.path(out, "input.csv"), row.names = FALSE, na = "")

G <- P - E
tci <- function(x) {
  x <- x[!is.na(x)]
  tt <- t.test(x)
  c(n = length(x), gap_mean = mean(x), gap_sd = sd(x), gap_se = sd(x) / sqrt(length(x)),
    ci_low = tt$conf.int[1], ci_high = tt$conf.int[2])
}

# item level (also per group)
item_rows <- function(rows) {
  do.call(rbind, lapply(items, function(i) {
    ok <- rows & !is.na(G[, i])
    data.frame(item = i, t(tci(G[ok, i])), expectation_mean = mean(E[ok, i]), perception_mean = mean(P[ok, i]))
  }))
}
write.csv(item_rows(rep(TRUE, n)), file.path(out, "item.csv"), row.names = FALSE)

# respondent dimension gaps: mean of answered pairs, NA below min_items answered pairs
dim_scores <- function(M, min_items) {
  sapply(names(dims), function(d) {
    block <- M[, dims[[d]], drop = FALSE]
    pair <- !is.na(G[, dims[[d]], drop = FALSE])
    block[!pair] <- NA
    k <- rowSums(pair)
    v <- rowMeans(block, na.rm = TRUE)
    v[k < min(min_items, length(dims[[d]]))] <- NA
    v
  })
}
for (m in c(1, 2)) {
  Gd <- dim_scores(G, m); Ed <- dim_scores(E, m); Pd <- dim_scores(P, m)
  rows <- do.call(rbind, lapply(names(dims), function(d) {
    ok <- !is.na(Gd[, d])
    data.frame(dimension = d, t(tci(Gd[, d])), expectation_mean = mean(Ed[ok, d]), perception_mean = mean(Pd[ok, d]))
  }))
  write.csv(rows, file.path(out, sprintf("dimension_min%d.csv", m)), row.names = FALSE)
  by_grp <- do.call(rbind, lapply(sort(unique(grp)), function(g) {
    do.call(rbind, lapply(names(dims), function(d) {
      x <- Gd[grp == g, d]
      data.frame(grp = g, dimension = d, t(tci(x)))
    }))
  }))
  write.csv(by_grp, file.path(out, sprintf("dimension_by_grp_min%d.csv", m)), row.names = FALSE)

  # overall: mean of the dimension means; linearised SE written out from its formula:
  # z_r = (1/D) sum_d (G_rd - mean_d) / n_d over the dimensions r has; se^2 = n/(n-1) sum z_r^2
  D <- length(dims)
  means <- colMeans(Gd, na.rm = TRUE)
  nd <- colSums(!is.na(Gd))
  Z <- sweep(sweep(Gd, 2, means), 2, nd, "/")
  Z[is.na(Z)] <- 0
  z <- rowSums(Z) / D
  has <- rowSums(!is.na(Gd)) > 0
  nn <- sum(has)
  se <- sqrt(nn / (nn - 1) * sum(z[has]^2))
  q <- qt(0.975, nn - 1)
  overall <- data.frame(n = nn, gap_mean = mean(means), gap_se = se, gap_sd = se * sqrt(nn),
                        ci_low = mean(means) - q * se, ci_high = mean(means) + q * se,
                        expectation_mean = mean(colMeans(Ed, na.rm = TRUE)),
                        perception_mean = mean(colMeans(Pd, na.rm = TRUE)))
  write.csv(overall, file.path(out, sprintf("overall_min%d.csv", m)), row.names = FALSE)

  # weighted SERVQUAL score (ZPB 1990): SQ_r = sum_d G_rd w_rd / sum_d w_rd over scored dimensions
  Wm <- W; Wm[is.na(Gd)] <- NA
  sq <- rowSums(Gd * Wm, na.rm = TRUE) / rowSums(Wm, na.rm = TRUE)
  sq[rowSums(!is.na(Gd)) == 0] <- NA
  write.csv(data.frame(t(tci(sq))), file.path(out, sprintf("overall_weighted_min%d.csv", m)), row.names = FALSE)
}

# survey weights at item level: weighted mean, linearised SE, Kish effective n, t with n_eff - 1 df
sw <- do.call(rbind, lapply(items, function(i) {
  ok <- !is.na(G[, i]); x <- G[ok, i]; wi <- w[ok]; nn <- length(x)
  m <- weighted.mean(x, wi)
  se <- sqrt(nn / (nn - 1) * sum((wi * (x - m) / sum(wi))^2))
  neff <- sum(wi)^2 / sum(wi^2)
  q <- qt(0.975, neff - 1)
  data.frame(item = i, n = nn, gap_mean = m, gap_se = se, n_effective = neff,
             ci_low = m - q * se, ci_high = m + q * se,
             expectation_mean = weighted.mean(E[ok, i], wi), perception_mean = weighted.mean(P[ok, i], wi))
}))
write.csv(sw, file.path(out, "item_survey_weighted.csv"), row.names = FALSE)
cat("written to", out, "\n")
