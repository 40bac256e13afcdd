package dev.bitflow.engine.api.ledger;

/**
 * Totals of a ledger. Memory figures before and after fusion are both given whatever the ledger's mode;
 * operation counts follow the ledger's mode (as defined, or fused).
 *
 * @param params                     weights + biases of all layers (BN excluded)
 * @param weights                    all weights
 * @param biases                     all biases
 * @param bnParams                   BatchNorm parameters (gamma, beta, running mean and variance)
 * @param binaryWeights              weights of binary layers
 * @param floatParams                weights + biases of float layers
 * @param fp32Bytes                  {@code 4 * params}: the network with every weight and bias as float32, BN excluded
 * @param fp32BytesWithBn            {@code 4 * (params + bnParams)}
 * @param unfusedBytes               stored size as defined: binary weights 1 bit, everything else float32
 *                                   (weights, biases, SF, BN), rounded up to whole bytes
 * @param fusedBytes                 stored size after fusion: binary weights 1 bit, float weights of unfused
 *                                   layers 32 bits, one int16 B per BatchShift channel, float32 threshold +
 *                                   flip bit per threshold channel, remaining biases/SF/BN of unfused layers
 * @param compressionRatio           {@code fp32Bytes / fusedBytes}
 * @param activationBits             bits of all output feature maps (in the ledger's mode)
 * @param macs                       all multiply-accumulates
 * @param floatMacs                  MACs with a real operand
 * @param binaryMacs                 XNOR-popcount MACs
 * @param binaryMacFraction          {@code binaryMacs / macs}
 * @param floatMultiplications       all real multiplications (in the ledger's mode)
 * @param floatAddsCompares          real additions/compares outside MACs (in the ledger's mode)
 * @param intOps                     integer additions/compares and bitwise pooling ops (in the ledger's mode)
 * @param middleFloatMultiplications real multiplications in the middle region (0 after fusion of a BCNN)
 * @param middleFloatMacs            MACs with a real operand in the middle region
 * @param middleFloatAddsCompares    real additions/compares outside MACs in the middle region
 */
public record LedgerTotals(long params, long weights, long biases, long bnParams, long binaryWeights, long floatParams,
                           long fp32Bytes, long fp32BytesWithBn, long unfusedBytes, long fusedBytes,
                           double compressionRatio, long activationBits, long macs, long floatMacs, long binaryMacs,
                           double binaryMacFraction, long floatMultiplications, long floatAddsCompares, long intOps,
                           long middleFloatMultiplications, long middleFloatMacs,
                           long middleFloatAddsCompares) {
}
