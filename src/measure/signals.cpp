// placeholder: filled by the signals work
