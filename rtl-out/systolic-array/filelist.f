SystolicCell.v
SystolicArray.v
