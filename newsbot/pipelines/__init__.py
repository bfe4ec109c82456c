"""Item pipelines, each one job: normalize → validate → de-duplicate → write JSON Lines."""
