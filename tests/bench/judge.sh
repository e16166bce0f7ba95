#!/usr/bin/env bash
# Content-criteria judgement (issue 17): precision, recall and F1 of the word judgement on the hand-labelled set,
# beside the character-bigram method measured in the same run (as "found", and as "found or partly"), by kind of
# case, and the time each takes for every criterion over a 30-minute interview's answers.
# Then the summaries: key-fact recall within 20% of each answer on tests/fixtures/text/summary-eval.json, the
# clause summary on words beside the sentence TextRank, and how often the question line is the question alone.
# Then the report (帳票): classification accuracy of each sentence of the labelled meeting
# tests/fixtures/text/meeting-eval.json (and the held-out meeting-heldout.json) into its item or none, on words along
# the topics (the workbook's method) beside each sentence alone by bigrams and keywords (the fallback, the method before).
#   tests/bench/judge.sh [SET.json]     (default tests/fixtures/text/criteria-eval.json)
set -euo pipefail
cd "$(dirname "$0")/../.."
set_file="${1:-tests/fixtures/text/criteria-eval.json}"
cargo build --quiet --workspace --bins
./target/debug/mendan judge --evaluate "$set_file" --models layers/models
./target/debug/mendan judge --evaluate-summaries tests/fixtures/text/summary-eval.json --models layers/models
./target/debug/mendan judge --evaluate-report tests/fixtures/text/meeting-eval.json --models layers/models
# The same on a meeting written after the classifier and never used to tune it, with items worded differently.
./target/debug/mendan judge --evaluate-report tests/fixtures/text/meeting-heldout.json --models layers/models
