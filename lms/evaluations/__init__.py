"""Course evaluations (before the certificate) and time on task (page-visible time, the learner's attestation)."""
