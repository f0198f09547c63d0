LZEncoder.v
