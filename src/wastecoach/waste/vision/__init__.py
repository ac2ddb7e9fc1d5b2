"""Offline waste photo classifier: ONNX Runtime, numpy and Pillow only."""
