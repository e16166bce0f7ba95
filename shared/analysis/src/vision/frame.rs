//! The borrowed RGB frame every vision function takes, and its grey conversion.

use super::VisionError;

/// An RGB frame, row-major `[height][width][3]` u8, as ffmpeg's `rgb24` gives it.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    pub width: usize,
    pub height: usize,
    pub rgb: &'a [u8],
}

impl<'a> Frame<'a> {
    /// A frame whose buffer length is checked against its size.
    pub fn new(width: usize, height: usize, rgb: &'a [u8]) -> Result<Self, VisionError> {
        let frame = Frame { width, height, rgb };
        frame.check()?;
        Ok(frame)
    }

    /// The fields are public, so every entry point re-checks before indexing.
    pub(crate) fn check(&self) -> Result<(), VisionError> {
        let expected = self.width.checked_mul(self.height).and_then(|n| n.checked_mul(3));
        match expected {
            Some(expected) if expected == self.rgb.len() => Ok(()),
            _ => Err(VisionError::FrameSize {
                width: self.width,
                height: self.height,
                expected: expected.unwrap_or(usize::MAX),
                actual: self.rgb.len(),
            }),
        }
    }

    /// The RGB triple at column `x`, row `y` (callers keep them in range).
    #[inline]
    pub(crate) fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.width + x) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// Grey image (BT.601 luma, as OpenCV's `COLOR_RGB2GRAY`, rounded to whole levels), row-major.
    pub(crate) fn grey(&self) -> Vec<f32> {
        self.rgb.chunks_exact(3).map(|p| grey_level(p[0], p[1], p[2])).collect()
    }
}

/// BT.601 luma of one pixel, 0..255.
#[inline]
pub(crate) fn luma(r: u8, g: u8, b: u8) -> f32 {
    0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b)
}

/// BT.601 luma rounded to a whole level, as a grey `uint8` image holds it.
#[inline]
pub(crate) fn grey_level(r: u8, g: u8, b: u8) -> f32 {
    round_level(luma(r, g, b))
}

/// `x.round()` (half away from zero) for pixel values, without the C library's `roundf` call it
/// compiles to on x86-64: truncation is one instruction, and for `0 <= x < 2^23` the fraction
/// `x - trunc(x)` is exact, so the result is the same. Anything else takes `round` itself.
#[inline]
pub(crate) fn round_level(x: f32) -> f32 {
    if (0.0..8_388_608.0).contains(&x) {
        let whole = x as u32 as f32;
        if x - whole >= 0.5 { whole + 1.0 } else { whole }
    } else {
        x.round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_levels_round_as_round_does() {
        let halfway_below = f32::from_bits(0.5f32.to_bits() - 1);
        for x in [0.0, 0.49, 0.5, halfway_below, 1.5, 2.5, 127.5, 254.49, 254.5, 255.0, -0.5, -3.7, f32::NAN, 1e9] {
            let (fast, slow) = (round_level(x), x.round());
            assert!(fast.to_bits() == slow.to_bits() || (fast.is_nan() && slow.is_nan()), "{x}: {fast} vs {slow}");
        }
        for r in (0..=255u8).step_by(3) {
            for g in (0..=255u8).step_by(5) {
                for b in (0..=255u8).step_by(7) {
                    assert_eq!(grey_level(r, g, b).to_bits(), luma(r, g, b).round().to_bits());
                }
            }
        }
    }
}
