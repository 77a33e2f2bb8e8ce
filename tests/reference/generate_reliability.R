# Expected values for tests/test_reliability.py and tests/test_validity.py.
#
# Reads the datasets written by make_reliability_data.py (fixed seed) and writes the values R
# psych 2.2.9 and lavaan 0.6-14 give into tests/reference/reliability/*.csv.
# Run from the repository root:
#   python tests/reference/make_reliability_data.py && Rscript tests/reference/generate_reliability.R
suppressPackageStartupMessages({ library(psych); library(lavaan) })

dir <- "tests/reference/reliability"
sizes <- c(Tangibles = 4, Reliability = 5, Responsiveness = 4, Assurance = 4, Empathy = 5)
ends <- cumsum(sizes)
dims <- lapply(seq_along(sizes), function(d) (ends[d] - sizes[d] + 1):ends[d])
names(dims) <- names(sizes)
dims[["all items"]] <- 1:22

load <- function(name) read.csv(file.path(dir, paste0("data_", name, ".csv")), stringsAsFactors = FALSE)
score_frame <- function(data, score) {
  E <- data[, paste0("E_", 1:22)]; P <- data[, paste0("P_", 1:22)]
  x <- switch(score, expectation = E, perception = P, gap = P - E)
  colnames(x) <- as.character(1:22)
  x
}
lavnames <- function(x) { colnames(x) <- paste0("i", colnames(x)); x }

omega_total <- function(x, pairwise) {
  x <- lavnames(x)
  model <- paste("F =~", paste(colnames(x), collapse = " + "))
  fit <- if (pairwise) {
    cfa(model, sample.cov = cov(x, use = "pairwise"), sample.nobs = nrow(x), std.lv = TRUE)
  } else cfa(model, data = x, std.lv = TRUE)
  pe <- parameterEstimates(fit)
  lambda <- pe$est[pe$op == "=~"]
  theta <- pe$est[pe$op == "~~" & pe$lhs == pe$rhs & pe$lhs != "F"]
  # fmin = F_ML / 2: lets the tests tell a different local optimum from a wrong fit
  fmin <- as.numeric(fitMeasures(fit, "fmin"))
  if (!lavInspect(fit, "converged") || any(theta < 0)) return(c(NA, fmin))
  c(sum(lambda)^2 / (sum(lambda)^2 + sum(theta)), fmin)
}

scales <- list(); items <- list(); diffs <- list()
cases <- list(c("likert5", "complete"), c("likert7", "complete"), c("n30", "complete"),
              c("reverse", "complete"), c("zerovar", "complete"),
              c("missing", "pairwise"), c("missing", "listwise"))
for (case in cases) {
  data <- load(case[1]); mode <- case[2]
  totals <- list()
  for (score in c("expectation", "perception", "gap")) {
    all <- score_frame(data, score)
    for (dim in names(dims)) {
      x <- all[, dims[[dim]]]
      x <- if (mode == "listwise") na.omit(x) else x[rowSums(!is.na(x)) > 0, ]
      a <- suppressWarnings(alpha(x, warnings = FALSE, max = 30))
      kept <- x[, apply(x, 2, sd, na.rm = TRUE) > 0, drop = FALSE]
      omega <- omega_total(kept, mode != "listwise")
      scales[[length(scales) + 1]] <- data.frame(
        dataset = case[1], missing = mode, score = score, dimension = dim, n = nrow(x),
        n_items = a$nvar, raw_alpha = a$total$raw_alpha, std_alpha = a$total$std.alpha,
        average_r = a$total$average_r, feldt_low = as.numeric(a$feldt$lower.ci),
        feldt_high = as.numeric(a$feldt$upper.ci), omega_total = omega[1],
        omega_fmin = omega[2])
      items[[length(items) + 1]] <- data.frame(
        dataset = case[1], missing = mode, score = score, dimension = dim,
        item = rownames(a$item.stats), n = a$item.stats$n, mean = a$item.stats$mean,
        sd = a$item.stats$sd, raw_r = a$item.stats$raw.r, r_drop = a$item.stats$r.drop,
        alpha_drop = a$alpha.drop$raw_alpha)
      totals[[paste(score, dim)]] <- list(total = rowSums(kept), alpha = a$total$raw_alpha)
    }
  }
  if (mode == "complete") for (dim in names(dims)) {
    p <- totals[[paste("perception", dim)]]; e <- totals[[paste("expectation", dim)]]
    sp <- sd(p$total); se <- sd(e$total); rpe <- cor(p$total, e$total)
    rd <- (sp^2 * p$alpha + se^2 * e$alpha - 2 * rpe * sp * se) / (sp^2 + se^2 - 2 * rpe * sp * se)
    diffs[[length(diffs) + 1]] <- data.frame(dataset = case[1], dimension = dim,
                                             difference_reliability = rd)
  }
}
write.csv(do.call(rbind, scales), file.path(dir, "psych_scales.csv"), row.names = FALSE)
write.csv(do.call(rbind, items), file.path(dir, "psych_items.csv"), row.names = FALSE)
write.csv(do.call(rbind, diffs), file.path(dir, "difference_reliability.csv"), row.names = FALSE)

# "r hitung > r tabel": item-total correlations on the respondents who answered every item
# of the total.
validity <- list()
for (name in c("likert5", "n30", "missing")) {
  data <- load(name)
  for (score in c("perception", "gap")) for (total in c("dimension", "instrument")) {
    all <- score_frame(data, score)
    for (dim in names(dims)[1:5]) {
      cols <- if (total == "dimension") dims[[dim]] else 1:22
      x <- all[complete.cases(all[, cols]), ]
      tot <- rowSums(x[, cols])
      n <- nrow(x); t <- qt(0.975, n - 2)
      for (i in dims[[dim]]) validity[[length(validity) + 1]] <- data.frame(
        dataset = name, score = score, total = total, dimension = dim, item = as.character(i),
        n = n, r = cor(x[, i], tot), r_corrected = cor(x[, i], tot - x[, i]),
        r_critical = t / sqrt(n - 2 + t^2))
    }
  }
}
write.csv(do.call(rbind, validity), file.path(dir, "validity.csv"), row.names = FALSE)

kmo <- list(); bartlett <- list()
for (name in c("likert5", "likert7", "n30")) for (score in c("expectation", "perception")) {
  x <- score_frame(load(name), score)
  k <- KMO(cor(x))
  kmo[[length(kmo) + 1]] <- data.frame(dataset = name, score = score,
                                       item = c("overall", colnames(x)), msa = c(k$MSA, k$MSAi))
  b <- cortest.bartlett(cor(x), n = nrow(x))
  bartlett[[length(bartlett) + 1]] <- data.frame(dataset = name, score = score,
                                                 chi2 = b$chisq, dof = b$df, p_val = b$p.value)
}
write.csv(do.call(rbind, kmo), file.path(dir, "kmo.csv"), row.names = FALSE)
write.csv(do.call(rbind, bartlett), file.path(dir, "bartlett.csv"), row.names = FALSE)

# CFA of the five-dimension structure (lavaan defaults: ML, listwise, marker-free std.lv fit
# gives the same fit measures and standardised solution).
fits <- list(); loadings <- list(); cfadims <- list(); cors <- list()
measures <- c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower",
              "rmsea.ci.upper", "srmr")
for (case in list(c("likert5", "perception"), c("likert7", "perception"),
                  c("likert7", "gap"), c("missing", "perception"))) {
  x <- lavnames(score_frame(load(case[1]), case[2]))
  model <- paste(sapply(names(dims)[1:5], function(d)
    paste(d, "=~", paste(colnames(x)[dims[[d]]], collapse = " + "))), collapse = "\n")
  fit <- cfa(model, data = x)
  fm <- fitMeasures(fit, measures)
  fits[[length(fits) + 1]] <- data.frame(dataset = case[1], score = case[2],
                                         measure = names(fm), value = as.numeric(fm))
  ss <- standardizedSolution(fit)
  l <- ss[ss$op == "=~", ]
  loadings[[length(loadings) + 1]] <- data.frame(dataset = case[1], score = case[2],
    dimension = l$lhs, item = sub("^i", "", l$rhs), loading = l$est.std)
  for (d in names(dims)[1:5]) {
    lam <- l$est.std[l$lhs == d]
    cfadims[[length(cfadims) + 1]] <- data.frame(dataset = case[1], score = case[2],
      dimension = d, composite_reliability = sum(lam)^2 / (sum(lam)^2 + sum(1 - lam^2)),
      ave = mean(lam^2))
  }
  f <- ss[ss$op == "~~" & ss$lhs != ss$rhs & ss$lhs %in% names(dims), ]
  cors[[length(cors) + 1]] <- data.frame(dataset = case[1], score = case[2],
                                         lhs = f$lhs, rhs = f$rhs, r = f$est.std)
}
write.csv(do.call(rbind, fits), file.path(dir, "cfa_fit.csv"), row.names = FALSE)
write.csv(do.call(rbind, loadings), file.path(dir, "cfa_loadings.csv"), row.names = FALSE)
write.csv(do.call(rbind, cfadims), file.path(dir, "cfa_dimensions.csv"), row.names = FALSE)
write.csv(do.call(rbind, cors), file.path(dir, "cfa_correlations.csv"), row.names = FALSE)
