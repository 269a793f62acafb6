"""Progress reports for the people who run training: assignments' status, cohort grids, records, exports."""
