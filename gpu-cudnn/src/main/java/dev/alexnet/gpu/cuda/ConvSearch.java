// How convolution algorithms are picked: cuDNN's heuristics (no timing), or timed trials (cudnnFind*).
package dev.alexnet.gpu.cuda;

/** HEURISTIC uses cudnnGetConvolution*Algorithm_v7; FIND times every algorithm once with cudnnFind*Algorithm. */
public enum ConvSearch { HEURISTIC, FIND }
