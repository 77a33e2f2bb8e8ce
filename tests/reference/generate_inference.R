# Expected values for tests/test_inference.py, from base R (stats) only.
#
# Run from the repository root:  Rscript tests/reference/generate_inference.R
# Writes the input surveys and R's results into tests/reference/inference/. The tests read these
# committed files; R is not needed at test time. Games–Howell and Dunn are written here from
# their formulas (no add-on packages).

set.seed(20240504)
out_dir <- file.path("tests", "reference", "inference")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
write_csv <- function(x, name) write.csv(x, file.path(out_dir, name), row.names = FALSE, na = "")

dimensions <- list(D1 = c("1", "2"), D2 = c("3", "4", "5"), D3 = c("6"))
items <- unlist(dimensions, use.names = FALSE)

# ---- input surveys -------------------------------------------------------------------------
make_survey <- function(n, scale_max, branches, sizes, shift, missing_rate, prefix_id) {
  branch <- rep(branches, times = sizes)
  df <- data.frame(id = paste0(prefix_id, seq_len(n)), branch = branch)
  for (i in items) {
    e <- pmin(scale_max, pmax(1, round(rnorm(n, scale_max - 1.2, 1.1))))
    b_shift <- shift[match(branch, branches)]
    p <- pmin(scale_max, pmax(1, round(e + rnorm(n, b_shift, 1.3))))
    e[runif(n) < missing_rate] <- NA
    p[runif(n) < missing_rate] <- NA
    df[[paste0("E_", i)]] <- e
    df[[paste0("P_", i)]] <- p
  }
  df
}

surveys <- list(
  large = make_survey(60, 7, c("Bandung", "Jakarta", "Surabaya"), c(25, 20, 15),
                      c(-0.8, -0.2, -1.4), 0.08, "L"),
  small = make_survey(12, 5, c("North", "South", "West"), c(5, 4, 3), c(-0.5, 0, -1), 0.10, "S"),
  wave2 = make_survey(70, 7, c("Bandung", "Jakarta", "Surabaya"), c(30, 25, 15),
                      c(-0.4, -0.1, -1.0), 0.08, "W")
)
for (name in names(surveys)) write_csv(surveys[[name]], paste0("survey_", name, ".csv"))

# ---- per-respondent values at each level (METHODS.md §2, min_items = 1) --------------------
level_values <- function(df, level) {
  gaps <- sapply(items, function(i) df[[paste0("P_", i)]] - df[[paste0("E_", i)]])
  colnames(gaps) <- items
  if (level == "item") return(gaps)
  dims <- sapply(dimensions, function(d) rowMeans(gaps[, d, drop = FALSE], na.rm = TRUE))
  dims[is.nan(dims)] <- NA
  if (level == "dimension") return(dims)
  overall <- rowMeans(dims, na.rm = TRUE)
  overall[is.nan(overall)] <- NA
  cbind(overall = overall)
}

# ---- paired tests ---------------------------------------------------------------------------
paired_rows <- function(x, alternative) {
  g <- x[!is.na(x)]
  tt <- t.test(g, alternative = alternative)
  w_cc <- wilcox.test(round(g, 10), alternative = alternative, correct = TRUE)
  w_nocc <- wilcox.test(round(g, 10), alternative = alternative, correct = FALSE)
  data.frame(n = length(g), mean_gap = mean(g), median_gap = median(g),
             t = unname(tt$statistic), dof = unname(tt$parameter), p_t = tt$p.value,
             ci_low = tt$conf.int[1], ci_high = tt$conf.int[2], cohen_dz = mean(g) / sd(g),
             V = unname(w_cc$statistic), p_w = w_cc$p.value, p_w_nocc = w_nocc$p.value)
}

paired <- list()
for (ds in c("large", "small")) {
  df <- surveys[[ds]]
  for (level in c("item", "dimension", "overall")) {
    for (alternative in c("two.sided", "less")) {
      for (grp in c("", unique(df$branch))) {
        if (grp != "" && !(ds == "large" && level == "dimension")) next
        rows <- if (grp == "") rep(TRUE, nrow(df)) else df$branch == grp
        vals <- level_values(df[rows, ], level)
        block <- do.call(rbind, lapply(colnames(vals), function(nm) paired_rows(vals[, nm], alternative)))
        block <- cbind(data.frame(dataset = ds, level = level, alternative = alternative,
                                  branch = grp, name = colnames(vals)), block)
        for (m in c("holm", "BH", "bonferroni")) {
          block[[paste0("p_t_", m)]] <- p.adjust(block$p_t, m)
          block[[paste0("p_w_", m)]] <- p.adjust(block$p_w, m)
        }
        paired[[length(paired) + 1]] <- block
      }
    }
  }
}
write_csv(do.call(rbind, paired), "paired.csv")

# ---- segments -------------------------------------------------------------------------------
# a quantile of the studentized range solved to full precision with R's own ptukey (R's qtukey
# stops its secant search at a step of 1e-4)
qtukey_precise <- function(p, k, df) {
  uniroot(function(q) ptukey(q, k, df) - p, c(0.5, 50), tol = 1e-14)$root
}

games_howell <- function(x, g, conf = 0.95) {
  lv <- levels(g); k <- length(lv)
  n <- tapply(x, g, length); m <- tapply(x, g, mean); v <- tapply(x, g, var)
  rows <- list()
  for (a in 1:(k - 1)) for (b in (a + 1):k) {
    s <- v[a] / n[a] + v[b] / n[b]
    se <- sqrt(s)
    df <- s^2 / ((v[a] / n[a])^2 / (n[a] - 1) + (v[b] / n[b])^2 / (n[b] - 1))
    diff <- m[a] - m[b]
    t <- diff / se
    half <- qtukey(conf, k, df) / sqrt(2) * se
    q_precise <- tryCatch(qtukey_precise(conf, k, unname(df)), error = function(e) NA)
    rows[[length(rows) + 1]] <- data.frame(
      group_a = lv[a], group_b = lv[b], diff = unname(diff), se = unname(se), statistic = unname(t),
      dof = unname(df), p_val = 2 * pt(abs(unname(t)), unname(df), lower.tail = FALSE),
      p_adj = ptukey(abs(unname(t)) * sqrt(2), k, unname(df), lower.tail = FALSE),
      ci_low = unname(diff - half), ci_high = unname(diff + half),
      q_crit = qtukey(conf, k, unname(df)),
      ci_low_precise = unname(diff) - q_precise / sqrt(2) * unname(se),
      ci_high_precise = unname(diff) + q_precise / sqrt(2) * unname(se))
  }
  do.call(rbind, rows)
}

dunn_holm <- function(x, g) {
  lv <- levels(g); k <- length(lv)
  r <- rank(x); N <- length(x)
  n <- tapply(r, g, length); mr <- tapply(r, g, mean)
  ties <- table(r)
  term <- N * (N + 1) / 12 - sum(ties^3 - ties) / (12 * (N - 1))
  rows <- list()
  for (a in 1:(k - 1)) for (b in (a + 1):k) {
    se <- sqrt(term * (1 / n[a] + 1 / n[b]))
    z <- (mr[a] - mr[b]) / se
    rows[[length(rows) + 1]] <- data.frame(group_a = lv[a], group_b = lv[b],
      mean_rank_a = unname(mr[a]), mean_rank_b = unname(mr[b]), se = unname(se),
      statistic = unname(z), p_val = 2 * pnorm(abs(unname(z)), lower.tail = FALSE))
  }
  out <- do.call(rbind, rows)
  out$p_adj <- p.adjust(out$p_val, "holm")
  out
}

omnibus <- list(); tukey <- list(); gh <- list(); dunn <- list()
for (ds in c("large", "small")) {
  df <- surveys[[ds]]
  for (level in c("item", "dimension", "overall")) {
    vals <- level_values(df, level)
    for (nm in colnames(vals)) {
      keep <- !is.na(vals[, nm])
      x <- vals[keep, nm]
      g <- factor(df$branch[keep])
      # R stops when a group has fewer than two values; servgap reports NaN there
      welch <- tryCatch(oneway.test(x ~ g, var.equal = FALSE), error = function(e)
        list(statistic = NA, parameter = c(NA, NA), p.value = NA))
      fit <- aov(x ~ g)
      tab <- summary(fit)[[1]]
      ss_b <- tab[1, "Sum Sq"]; ss_w <- tab[2, "Sum Sq"]; ms_w <- tab[2, "Mean Sq"]
      kw <- kruskal.test(round(x, 10), g)
      omnibus[[length(omnibus) + 1]] <- data.frame(
        dataset = ds, level = level, name = nm, n = length(x),
        welch_F = unname(welch$statistic), welch_dof1 = unname(welch$parameter[1]),
        welch_dof2 = unname(welch$parameter[2]), welch_p = welch$p.value,
        anova_F = tab[1, "F value"], anova_dof1 = tab[1, "Df"], anova_dof2 = tab[2, "Df"],
        anova_p = tab[1, "Pr(>F)"], eta_sq = ss_b / (ss_b + ss_w),
        omega_sq = (ss_b - tab[1, "Df"] * ms_w) / (ss_b + ss_w + ms_w),
        kruskal_H = unname(kw$statistic), kruskal_dof = unname(kw$parameter), kruskal_p = kw$p.value,
        epsilon_sq = unname(kw$statistic) / (length(x) - 1))
      hsd <- TukeyHSD(fit, "g", conf.level = 0.95)$g
      lv <- levels(g); pairs <- combn(length(lv), 2)
      k <- length(lv); dfw <- tab[2, "Df"]
      q_precise <- qtukey_precise(0.95, k, dfw)
      for (j in seq_len(ncol(pairs))) {
        a <- pairs[1, j]; b <- pairs[2, j]
        row <- hsd[paste0(lv[b], "-", lv[a]), ]  # R reports mean(b) - mean(a)
        se <- sqrt(ms_w * (1 / sum(g == lv[a]) + 1 / sum(g == lv[b])))
        tukey[[length(tukey) + 1]] <- data.frame(
          dataset = ds, level = level, name = nm, group_a = lv[a], group_b = lv[b],
          diff = -unname(row["diff"]), p_adj = unname(row["p adj"]),
          ci_low = -unname(row["upr"]), ci_high = -unname(row["lwr"]),
          ci_low_precise = -unname(row["diff"]) - q_precise / sqrt(2) * se,
          ci_high_precise = -unname(row["diff"]) + q_precise / sqrt(2) * se,
          p_val = 2 * pt(abs(unname(row["diff"])) / se, dfw, lower.tail = FALSE))
      }
      gh[[length(gh) + 1]] <- cbind(data.frame(dataset = ds, level = level, name = nm), games_howell(x, g))
      dunn[[length(dunn) + 1]] <- cbind(data.frame(dataset = ds, level = level, name = nm),
                                        dunn_holm(round(x, 10), g))
    }
  }
}
omnibus <- do.call(rbind, omnibus)
for (m in c("welch_p", "anova_p", "kruskal_p")) {
  omnibus[[paste0(m, "_holm")]] <- ave(omnibus[[m]], omnibus$dataset, omnibus$level,
                                       FUN = function(p) p.adjust(p, "holm"))
}
write_csv(omnibus, "segments.csv")
write_csv(do.call(rbind, tukey), "tukey.csv")
write_csv(do.call(rbind, gh), "games_howell.csv")
write_csv(do.call(rbind, dunn), "dunn.csv")

# ---- waves ----------------------------------------------------------------------------------
waves <- list()
for (level in c("item", "dimension", "overall")) {
  before <- level_values(surveys$large, level); after <- level_values(surveys$wave2, level)
  for (alternative in c("two.sided", "greater")) {
    for (nm in colnames(before)) {
      xa <- after[!is.na(after[, nm]), nm]; xb <- before[!is.na(before[, nm]), nm]
      tt <- t.test(xa, xb, alternative = alternative)
      mw <- wilcox.test(round(xa, 10), round(xb, 10), alternative = alternative)
      mw_nocc <- wilcox.test(round(xa, 10), round(xb, 10), alternative = alternative, correct = FALSE)
      waves[[length(waves) + 1]] <- data.frame(
        level = level, alternative = alternative, name = nm, n_before = length(xb),
        n_after = length(xa), change = mean(xa) - mean(xb), t = unname(tt$statistic),
        dof = unname(tt$parameter), p_t = tt$p.value, ci_low = tt$conf.int[1],
        ci_high = tt$conf.int[2], W = unname(mw$statistic), p_w = mw$p.value,
        p_w_nocc = mw_nocc$p.value)
    }
  }
}
waves <- do.call(rbind, waves)
waves$p_t_holm <- ave(waves$p_t, waves$level, waves$alternative, FUN = function(p) p.adjust(p, "holm"))
waves$p_w_BH <- ave(waves$p_w, waves$level, waves$alternative, FUN = function(p) p.adjust(p, "BH"))
write_csv(waves, "waves.csv")

# ---- plain vectors: exact distributions, ties, zeros, p.adjust with NA -----------------------
vectors <- data.frame(
  cont = c(round(rnorm(20, -0.3, 1), 4), rep(NA, 20)),  # no ties: R's exact signed-rank test
  tied = sample(-3:2, 40, replace = TRUE),                # ties and zeros: normal approximation
  x1 = c(round(rnorm(10, 0.4), 4), rep(NA, 30)),     # no ties, 10 vs 12: exact rank-sum
  y1 = c(round(rnorm(12), 4), rep(NA, 28)))
write_csv(vectors, "vectors.csv")
vec_rows <- list()
for (alternative in c("two.sided", "less", "greater")) {
  ws <- wilcox.test(na.omit(vectors$cont), alternative = alternative)
  wt <- wilcox.test(vectors$tied, alternative = alternative)
  wt0 <- wilcox.test(vectors$tied, alternative = alternative, correct = FALSE)
  x1 <- na.omit(vectors$x1); y1 <- na.omit(vectors$y1)
  rs <- wilcox.test(x1, y1, alternative = alternative)
  vec_rows[[length(vec_rows) + 1]] <- data.frame(
    alternative = alternative, cont_V = unname(ws$statistic), cont_p = ws$p.value,
    cont_method = ws$method, tied_V = unname(wt$statistic), tied_p = wt$p.value,
    tied_p_nocc = wt0$p.value, ranksum_W = unname(rs$statistic), ranksum_p = rs$p.value,
    ranksum_method = rs$method)
}
write_csv(do.call(rbind, vec_rows), "vectors_expected.csv")

p_in <- c(0.001, 0.04, NA, 0.03, 0.5, 0.04, 0.2, 0.0125)
write_csv(data.frame(p = p_in, holm = p.adjust(p_in, "holm"), BH = p.adjust(p_in, "BH"),
                     bonferroni = p.adjust(p_in, "bonferroni")), "p_adjust.csv")
