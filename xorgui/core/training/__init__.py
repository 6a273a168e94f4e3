"""Training: the hyperparameters, the update engine, the trainer, its schedule and the loss history it keeps."""
