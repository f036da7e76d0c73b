//! A histogram's bins: the samples of every series counted in `n` bins of
//! equal width that span them all (equal in log space on a log axis, so
//! the bars look equal on it).

/// Bin edges (`n + 1` of them) and, for each series, its count per bin.
#[derive(Debug, PartialEq)]
pub struct Bins {
    pub edges: Vec<f64>,
    pub counts: Vec<Vec<usize>>,
}

/// Counts `series` (every value finite, above zero if `log`) in `n` bins.
pub fn count(series: &[Vec<f64>], n: usize, log: bool) -> Bins {
    let to = |v: f64| if log { v.ln() } else { v };
    let from = |v: f64| if log { v.exp() } else { v };
    let all = series.iter().flatten().map(|&v| to(v));
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    // Samples all equal: one unit of width around them.
    let (lo, hi) = if lo < hi {
        (lo, hi)
    } else {
        (lo - 0.5, hi + 0.5)
    };
    let width = (hi - lo) / n as f64;
    let edges = (0..=n).map(|i| from(lo + width * i as f64)).collect();
    let counts = series
        .iter()
        .map(|values| {
            let mut counts = vec![0; n];
            for &v in values {
                // The last bin holds its upper edge.
                let i = (((to(v) - lo) / width) as usize).min(n - 1);
                counts[i] += 1;
            }
            counts
        })
        .collect();
    Bins { edges, counts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_falls_in_one_bin_the_top_one_in_the_last() {
        let bins = count(&[vec![0.0, 1.0, 1.5, 4.0], vec![2.0]], 4, false);
        assert_eq!(bins.edges, [0.0, 1.0, 2.0, 3.0, 4.0]);
        assert_eq!(bins.counts, [vec![1, 2, 0, 1], vec![0, 0, 1, 0]]);
    }

    #[test]
    fn log_bins_are_equal_in_log_space() {
        let bins = count(&[vec![1.0, 10.0, 100.0]], 2, true);
        let edges: Vec<f64> = bins.edges.iter().map(|e| (e * 1e6).round() / 1e6).collect();
        assert_eq!(edges, [1.0, 10.0, 100.0]);
        assert_eq!(bins.counts, [vec![1, 2]]);
    }

    #[test]
    fn equal_samples_get_one_unit_of_width() {
        let bins = count(&[vec![3.0, 3.0]], 1, false);
        assert_eq!(
            bins,
            Bins {
                edges: vec![2.5, 3.5],
                counts: vec![vec![2]]
            }
        );
    }
}
