Counter_width4.v
Counter_width8.v
CounterPair.v
