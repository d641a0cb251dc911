Feature: A feature that specifies nothing
  It has a description but not a single scenario.
