//! Person records: the model, masking, storage and search.
