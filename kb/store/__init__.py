"""Where passages live: the versioned file index (FAISS + BM25) and program links."""
