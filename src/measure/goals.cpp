// placeholder: filled by the goals work
