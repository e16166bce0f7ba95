//! Head pose and gaze-away proxies from the five MTCNN landmarks.
//!
//! Five 2-D points cannot give true angles without a 3-D face model and camera intrinsics;
//! these are monotonic proxies, comparable within a recording (and, roughly, across people).

use serde::{Deserialize, Serialize};

use super::FaceBox;
use super::face::landmark::{LEFT_EYE, MOUTH_LEFT, MOUTH_RIGHT, NOSE, RIGHT_EYE};

/// Head orientation proxies of one face (image coordinates: x right, y down).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HeadPose {
    /// Angle of the eye line in degrees, (-180, 180]; 0 when level, positive when it slopes
    /// down towards the image's right (head tilted clockwise as displayed).
    pub roll_deg: f32,
    /// Nose-tip offset from the eyes' midpoint along the eye line, in inter-eye distances;
    /// 0 for a frontal face, positive when the nose points to the image's right (the subject
    /// turned to their left). About 0.35 at 30° of yaw for a typical face.
    pub yaw_proxy: f32,
    /// Where the nose tip sits between the eye line (0) and the mouth line (1), measured
    /// across the eye line; about 0.6–0.7 frontal, smaller with the chin raised, larger with
    /// it lowered. Subtract the recording's median before comparing people.
    pub pitch_proxy: f32,
}

/// |yaw_proxy| beyond which the head counts as turned away (≈ 30°).
pub const GAZE_AWAY_YAW: f32 = 0.35;
/// Distance of the face centre from the frame centre, as a fraction of the frame's width or
/// height, beyond which the face counts as off-centre (within 15% of an edge).
pub const GAZE_AWAY_OFFSET: f32 = 0.35;

/// Head pose proxies from the landmarks. Degenerate landmarks (eyes on one point) give zeros.
pub fn head_pose(face: &FaceBox) -> HeadPose {
    let p = |k: usize| face.landmarks[k];
    let (l, r, nose) = (p(LEFT_EYE), p(RIGHT_EYE), p(NOSE));
    let mouth = ((p(MOUTH_LEFT).0 + p(MOUTH_RIGHT).0) / 2.0, (p(MOUTH_LEFT).1 + p(MOUTH_RIGHT).1) / 2.0);

    let (ex, ey) = (r.0 - l.0, r.1 - l.1);
    let eye_dist = ex.hypot(ey);
    if eye_dist.is_nan() || eye_dist <= 1e-3 {
        return HeadPose { roll_deg: 0.0, yaw_proxy: 0.0, pitch_proxy: 0.0 };
    }
    // Unit vectors along the eye line and across it (pointing down the face).
    let (ux, uy) = (ex / eye_dist, ey / eye_dist);
    let (nx, ny) = (-uy, ux);
    let mid = ((l.0 + r.0) / 2.0, (l.1 + r.1) / 2.0);
    let along = |q: (f32, f32)| (q.0 - mid.0) * ux + (q.1 - mid.1) * uy;
    let across = |q: (f32, f32)| (q.0 - mid.0) * nx + (q.1 - mid.1) * ny;

    let mouth_depth = across(mouth);
    HeadPose {
        roll_deg: ey.atan2(ex).to_degrees(),
        yaw_proxy: along(nose) / eye_dist,
        pitch_proxy: if mouth_depth > 1e-3 { across(nose) / mouth_depth } else { 0.0 },
    }
}

/// A proxy for "not looking at the camera": the head turned beyond [`GAZE_AWAY_YAW`], or the
/// face centre further than [`GAZE_AWAY_OFFSET`] from the frame centre. Eye direction itself is
/// not measured (five landmarks do not show the pupils).
pub fn gaze_away(face: &FaceBox, frame_w: usize, frame_h: usize) -> bool {
    if head_pose(face).yaw_proxy.abs() > GAZE_AWAY_YAW {
        return true;
    }
    if frame_w == 0 || frame_h == 0 {
        return false;
    }
    let (cx, cy) = face.centre();
    let dx = (cx / frame_w as f32 - 0.5).abs();
    let dy = (cy / frame_h as f32 - 0.5).abs();
    dx > GAZE_AWAY_OFFSET || dy > GAZE_AWAY_OFFSET
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(landmarks: [(f32, f32); 5]) -> FaceBox {
        FaceBox { x1: 90.0, y1: 80.0, x2: 210.0, y2: 240.0, score: 1.0, landmarks }
    }

    #[test]
    fn frontal_face_is_level_and_centred() {
        let f = face([(120.0, 130.0), (180.0, 130.0), (150.0, 160.0), (125.0, 175.0), (175.0, 175.0)]);
        let pose = head_pose(&f);
        assert!(pose.roll_deg.abs() < 1e-4 && pose.yaw_proxy.abs() < 1e-4);
        assert!((pose.pitch_proxy - 30.0 / 45.0).abs() < 1e-4);
        assert!(!gaze_away(&f, 300, 320));
    }

    #[test]
    fn turned_or_off_centre_face_is_away() {
        let turned = face([(120.0, 130.0), (180.0, 130.0), (175.0, 160.0), (125.0, 175.0), (175.0, 175.0)]);
        assert!(head_pose(&turned).yaw_proxy > GAZE_AWAY_YAW);
        assert!(gaze_away(&turned, 300, 320));
        let frontal = face([(120.0, 130.0), (180.0, 130.0), (150.0, 160.0), (125.0, 175.0), (175.0, 175.0)]);
        assert!(gaze_away(&frontal, 1600, 320), "face at x≈150 of 1600 is near the left edge");
    }

    #[test]
    fn degenerate_landmarks_give_zeros() {
        let f = face([(100.0, 100.0); 5]);
        assert_eq!(head_pose(&f), HeadPose { roll_deg: 0.0, yaw_proxy: 0.0, pitch_proxy: 0.0 });
    }
}
