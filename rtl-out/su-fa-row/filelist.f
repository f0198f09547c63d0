SoftmaxDivider.v
SUFAOutputStage.v
SUFALane.v
SUFAExponentInput.v
Exp2Unit.v
SUFAWeightAligner.v
SUFARow.v
