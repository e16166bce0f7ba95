//! The training table a model's fairness analysis reads (`cv.json`): the dataset's features and the trained
//! model's out-of-fold scores, in the domain's shape.

use mendan_core::domain::fairness::{CvItem, CvRecording, CvTable};
use mendan_ml::{Dataset, TrainedModel};

pub fn cv_table(dataset: &Dataset, trained: &TrainedModel) -> CvTable {
    let feature_names = dataset.feature_names();
    let recordings = dataset
        .recordings
        .iter()
        .zip(&dataset.features)
        .map(|(id, values)| CvRecording {
            id: id.clone(),
            features: feature_names.iter().map(|name| values.get(name).copied()).collect(),
        })
        .collect();
    let items =
        trained.out_of_fold.iter().map(|item| CvItem { item: item.item.clone(), rows: item.rows.clone() }).collect();
    CvTable { feature_names, recordings, items }
}
