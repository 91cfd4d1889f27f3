// placeholder: filled by the productivity work
