Exp2Unit.v
