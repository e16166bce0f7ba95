//! The one piece of linear algebra ridge needs: solving a small symmetric positive-definite system.

/// Solves `a · x = b` for symmetric positive-definite `a` (row-major, f × f) by Cholesky decomposition.
/// Returns `None` if `a` is not positive definite (ridge's `+ λI` keeps it so for λ > 0).
pub fn solve_spd(a: &[Vec<f64>], b: &[f64]) -> Option<Vec<f64>> {
    let f = b.len();
    let mut l = vec![vec![0.0; f]; f];
    for i in 0..f {
        for j in 0..=i {
            let s = a[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                if s <= 0.0 {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    // Forward substitution L y = b, then back substitution Lᵀ x = y.
    let mut y = vec![0.0; f];
    for i in 0..f {
        y[i] = (b[i] - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
    }
    let mut x = vec![0.0; f];
    for i in (0..f).rev() {
        x[i] = (y[i] - (i + 1..f).map(|k| l[k][i] * x[k]).sum::<f64>()) / l[i][i];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    #[test]
    fn solves_a_small_system() {
        let a = vec![vec![4.0, 2.0], vec![2.0, 3.0]];
        let x = super::solve_spd(&a, &[2.0, 1.0]).unwrap();
        assert!((x[0] - 0.5).abs() < 1e-12 && x[1].abs() < 1e-12);
        assert!(super::solve_spd(&[vec![0.0]], &[1.0]).is_none());
    }
}
