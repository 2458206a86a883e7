// One chosen cuDNN convolution algorithm with the workspace the library says it needs.
package dev.alexnet.gpu.cuda;

/**
 * @param algo            the cudnnConvolution{Fwd,BwdData,BwdFilter}Algo_t value
 * @param workspaceBytes  from cudnnGetConvolution*WorkspaceSize for this algorithm and geometry
 * @param mathType        the cudnnMathType_t the algorithm runs with
 * @param deterministic   whether cuDNN reports it as deterministic
 */
public record ConvAlgo(int algo, long workspaceBytes, int mathType, boolean deterministic) {}
