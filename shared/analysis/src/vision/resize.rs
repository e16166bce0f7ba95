//! Separable image resizing on interleaved pixels.
//!
//! `Filter::Area` averages the source pixels each output pixel covers when an axis shrinks (what
//! OpenCV's `INTER_AREA` does, and what the MTCNN reference uses) and interpolates bilinearly when
//! it grows. `Filter::Bilinear` interpolates in both directions (OpenCV's default, used by `fer`).
//! Exact equality with OpenCV is not the aim; the detector's tolerances absorb the difference.

/// How output pixels are computed from source pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filter {
    Area,
    Bilinear,
}

/// Source indices and weights that make up one output sample along one axis.
type Taps = Vec<(usize, f32)>;

/// Every output sample's taps along one axis in three flat arrays (output `k` reads
/// `index[start[k]..start[k + 1]]` with the weights beside them): no allocation per sample, and
/// the loops below walk memory in order.
struct FlatTaps {
    start: Vec<usize>,
    index: Vec<usize>,
    weight: Vec<f32>,
}

impl FlatTaps {
    fn new(taps: &[Taps]) -> Self {
        let mut flat = FlatTaps { start: vec![0], index: Vec::new(), weight: Vec::new() };
        for sample in taps {
            for &(i, w) in sample {
                flat.index.push(i);
                flat.weight.push(w);
            }
            flat.start.push(flat.index.len());
        }
        flat
    }

    fn of(&self, k: usize) -> impl Iterator<Item = (usize, f32)> + '_ {
        let range = self.start[k]..self.start[k + 1];
        self.index[range.clone()].iter().copied().zip(self.weight[range].iter().copied())
    }
}

/// The taps of every output sample along an axis of `src` samples resized to `dst`.
fn axis_taps(src: usize, dst: usize, filter: Filter) -> Vec<Taps> {
    if filter == Filter::Area && dst <= src { area_taps(src, dst) } else { bilinear_taps(src, dst) }
}

/// Output sample `k` covers the source interval `[k·s, (k+1)·s)`, `s = src/dst`; each source
/// sample contributes the fraction of that interval it overlaps.
fn area_taps(src: usize, dst: usize) -> Vec<Taps> {
    let scale = src as f64 / dst as f64;
    (0..dst)
        .map(|k| {
            let from = k as f64 * scale;
            let to = (from + scale).min(src as f64);
            let first = from.floor() as usize;
            let last = (to.ceil() as usize).min(src);
            (first..last)
                .filter_map(|i| {
                    let overlap = (to.min(i as f64 + 1.0) - from.max(i as f64)) / scale;
                    (overlap > 1e-9).then_some((i, overlap as f32))
                })
                .collect()
        })
        .collect()
}

/// Pixel centres aligned (`x_src = (x_dst + 0.5)·s − 0.5`), edges clamped.
fn bilinear_taps(src: usize, dst: usize) -> Vec<Taps> {
    let scale = src as f64 / dst as f64;
    let last = src.saturating_sub(1);
    (0..dst)
        .map(|k| {
            let centre = ((k as f64 + 0.5) * scale - 0.5).max(0.0);
            let i = (centre.floor() as usize).min(last);
            let frac = if i >= last { 0.0 } else { centre - i as f64 };
            if frac > 0.0 { vec![(i, (1.0 - frac) as f32), (i + 1, frac as f32)] } else { vec![(i, 1.0)] }
        })
        .collect()
}

/// Which of `src` samples along an axis resized to `dst` contribute to the output: a caller that
/// prepares its source image may skip the others (their values are never read).
pub(crate) fn used_samples(src: usize, dst: usize, filter: Filter) -> Vec<bool> {
    let mut used = vec![false; src];
    for taps in axis_taps(src, dst, filter) {
        for (i, _) in taps {
            used[i] = true;
        }
    }
    used
}

/// Resizes an interleaved `[src_h][src_w][channels]` image to `[dst_h][dst_w][channels]`.
///
/// Callers guarantee `src.len() == src_w * src_h * channels` and non-zero sizes.
pub(crate) fn resize<T: Copy + Into<f32>>(
    src: &[T],
    (src_w, src_h): (usize, usize),
    channels: usize,
    (dst_w, dst_h): (usize, usize),
    filter: Filter,
) -> Vec<f32> {
    // The pixel sizes the analysis uses get loops the compiler unrolls (a third of the analysis
    // CPU went here before); any other size takes the same arithmetic, generic.
    match channels {
        1 => resize_pixels::<T, 1>(src, (src_w, src_h), (dst_w, dst_h), filter),
        3 => resize_pixels::<T, 3>(src, (src_w, src_h), (dst_w, dst_h), filter),
        _ => resize_any(src, (src_w, src_h), channels, (dst_w, dst_h), filter),
    }
}

/// [`resize`] for `C` channels. Each output value is summed in the same order as
/// [`resize_any`] sums it, so both give the same bits; only the source rows the vertical pass
/// reads go through the horizontal pass (a bilinear shrink skips the others).
fn resize_pixels<T: Copy + Into<f32>, const C: usize>(
    src: &[T],
    (src_w, src_h): (usize, usize),
    (dst_w, dst_h): (usize, usize),
    filter: Filter,
) -> Vec<f32> {
    let x_taps = FlatTaps::new(&axis_taps(src_w, dst_w, filter));
    let y_taps = FlatTaps::new(&axis_taps(src_h, dst_h, filter));
    let mut used = vec![false; src_h];
    for &i in &y_taps.index {
        used[i] = true;
    }
    let row_len = dst_w * C;
    let mut rows = vec![0f32; src_h * row_len];
    for y in (0..src_h).filter(|&y| used[y]) {
        let src_row = &src[y * src_w * C..(y + 1) * src_w * C];
        let out_row = &mut rows[y * row_len..(y + 1) * row_len];
        for (x, out) in out_row.chunks_exact_mut(C).enumerate() {
            let mut sum = [0f32; C];
            for (i, w) in x_taps.of(x) {
                let pixel = &src_row[i * C..i * C + C];
                for c in 0..C {
                    sum[c] += w * pixel[c].into();
                }
            }
            out.copy_from_slice(&sum);
        }
    }
    vertical_pass(&rows, row_len, (0..dst_h).map(|y| y_taps.of(y)))
}

/// [`resize`] for any number of channels: the reference the specialised loops must match.
fn resize_any<T: Copy + Into<f32>>(
    src: &[T],
    (src_w, src_h): (usize, usize),
    channels: usize,
    (dst_w, dst_h): (usize, usize),
    filter: Filter,
) -> Vec<f32> {
    let x_taps = axis_taps(src_w, dst_w, filter);
    let y_taps = axis_taps(src_h, dst_h, filter);

    // Horizontal pass over every source row, then the vertical pass over its output.
    let mut rows = vec![0f32; src_h * dst_w * channels];
    for y in 0..src_h {
        let src_row = &src[y * src_w * channels..(y + 1) * src_w * channels];
        let out_row = &mut rows[y * dst_w * channels..(y + 1) * dst_w * channels];
        for (x, taps) in x_taps.iter().enumerate() {
            let out = &mut out_row[x * channels..(x + 1) * channels];
            for &(i, w) in taps {
                for c in 0..channels {
                    out[c] += w * src_row[i * channels + c].into();
                }
            }
        }
    }
    vertical_pass(&rows, dst_w * channels, y_taps.iter().map(|taps| taps.iter().copied()))
}

/// Sums the horizontally resized rows into the output rows, each with its taps in order.
fn vertical_pass<I>(rows: &[f32], row_len: usize, y_taps: impl Iterator<Item = I>) -> Vec<f32>
where
    I: Iterator<Item = (usize, f32)>,
{
    let mut out = Vec::new();
    for taps in y_taps {
        let start = out.len();
        out.resize(start + row_len, 0f32);
        let out_row = &mut out[start..];
        for (i, w) in taps {
            let src_row = &rows[i * row_len..(i + 1) * row_len];
            for (o, s) in out_row.iter_mut().zip(src_row) {
                *o += w * s;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_shrink_by_two_averages_blocks() {
        let src: Vec<f32> = vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0];
        let out = resize(&src, (4, 2), 1, (2, 1), Filter::Area);
        assert_eq!(out, vec![(0.0 + 2.0 + 8.0 + 10.0) / 4.0, (4.0 + 6.0 + 12.0 + 14.0) / 4.0]);
    }

    #[test]
    fn area_weights_sum_to_one_for_fractional_scales() {
        for (src, dst) in [(640, 384), (480, 13), (7, 3), (5, 5)] {
            for taps in area_taps(src, dst) {
                let sum: f32 = taps.iter().map(|t| t.1).sum();
                assert!((sum - 1.0).abs() < 1e-5, "{src}->{dst}: {sum}");
            }
        }
    }

    #[test]
    fn the_specialised_loops_give_the_same_bits_as_the_generic_one() {
        let mut seed = 7u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 24) as u8
        };
        for (src, dst) in [((640, 480), (128, 96)), ((233, 251), (64, 64)), ((200, 190), (48, 48)), ((9, 7), (20, 15))]
        {
            for channels in [1, 3] {
                let image: Vec<u8> = (0..src.0 * src.1 * channels).map(|_| next()).collect();
                for filter in [Filter::Area, Filter::Bilinear] {
                    let fast = resize(&image, src, channels, dst, filter);
                    let reference = resize_any(&image, src, channels, dst, filter);
                    let same = fast.iter().zip(&reference).all(|(a, b)| a.to_bits() == b.to_bits());
                    assert!(same && fast.len() == reference.len(), "{src:?}->{dst:?} x{channels} {filter:?}");
                }
            }
        }
    }

    #[test]
    fn enlarging_interpolates_and_keeps_constant_images() {
        let out = resize(&[10u8, 20], (2, 1), 1, (4, 1), Filter::Area);
        assert_eq!(out, vec![10.0, 12.5, 17.5, 20.0]);
        let flat = resize(&[7u8; 5 * 3 * 3], (5, 3), 3, (11, 8), Filter::Bilinear);
        assert!(flat.iter().all(|&v| (v - 7.0).abs() < 1e-4));
    }
}
