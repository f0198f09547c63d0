LZEncoder.v
ShiftAddPE.v
DLZSRow.v
DLZSPredictorArray.v
