// placeholder: filled by the comparison work
