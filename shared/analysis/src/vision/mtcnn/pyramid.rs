//! The scale pyramid of stage 1.

/// PNet's receptive field: a face of `min_face` pixels is scaled to this many.
const NET_SIDE: f64 = 12.0;

/// Scales at which PNet looks at the frame: the first maps `min_face` pixels to 12, each next one
/// is `factor` times the previous, down to the scale at which the frame's short side is 12 px.
/// Kept in f64 with the reference's arithmetic so level sizes (`ceil(W·s)`) come out the same.
pub(crate) fn scales(width: usize, height: usize, min_face: f64, factor: f64) -> Vec<f64> {
    let m = NET_SIDE / min_face;
    let mut side = width.min(height) as f64 * m;
    let mut scales = Vec::new();
    let mut k = 0;
    while side >= NET_SIDE {
        scales.push(m * factor.powi(k));
        side *= factor;
        k += 1;
    }
    scales
}

/// Size `(w, h)` of the frame scaled by `scale`, rounded up.
pub(crate) fn level_size(width: usize, height: usize, scale: f64) -> (usize, usize) {
    ((width as f64 * scale).ceil() as usize, (height as f64 * scale).ceil() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_pyramid() {
        // cascade_trace.pyramid_scales of mtcnn_reference.json (512x512 and 640x480 alike).
        let expected =
            [0.6, 0.4254, 0.3016086, 0.2138405, 0.15161291, 0.10749356, 0.07621293, 0.05403497, 0.03831079, 0.02716235];
        for (w, h) in [(512, 512), (640, 480)] {
            let got = scales(w, h, 20.0, 0.709);
            assert_eq!(got.len(), expected.len());
            for (g, e) in got.iter().zip(expected) {
                assert!((g - e).abs() < 1e-7, "{g} vs {e}");
            }
        }
        assert_eq!(level_size(640, 480, 0.6), (384, 288));
    }
}
