// placeholder: filled by the survey work
