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
        self.rgb.chunks_exact(3).map(|p| luma(p[0], p[1], p[2]).round()).collect()
    }
}

/// BT.601 luma of one pixel, 0..255.
#[inline]
pub(crate) fn luma(r: u8, g: u8, b: u8) -> f32 {
    0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b)
}
