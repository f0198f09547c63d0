SoftmaxDivider.v
