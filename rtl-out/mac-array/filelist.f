MultiplyPE.v
MACRow.v
MACArray.v
