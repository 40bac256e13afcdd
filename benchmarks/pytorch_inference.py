#!/usr/bin/env python3
"""Test-set throughput of a float definition in PyTorch on the CPU, for comparison with `bitflow bench MODEL`.

Not part of the test suite. Export the definition's PyTorch script first, then time it:

    ./bitflow export pytorch sample-models/fashion-fp.bitflow.json --out build/torch-fp
    OMP_NUM_THREADS=1 python3 benchmarks/pytorch_inference.py build/torch-fp fashion_fp_model --threads 1

Runs the exported module in inference mode (eval, no autograd) over 10,000 random inputs in [-1, 1] (the cost does
not depend on the values), in batches of 100, 256 and 1000, in PyTorch's default (NCHW) and channels-last memory
formats: one warm-up pass and --passes timed passes each. Prints images/s of the median and the fastest pass.
"""
import argparse
import importlib
import statistics
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", help="the folder 'bitflow export pytorch' wrote")
    ap.add_argument("model", help="the exported model module, e.g. fashion_fp_model")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--images", type=int, default=10000)
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, args.folder)
    import torch
    model = importlib.import_module(args.model)
    torch.set_num_threads(args.threads)
    x = torch.rand((args.images,) + tuple(model.INPUT_SHAPE), generator=torch.Generator().manual_seed(42)) * 2 - 1
    print("PyTorch %s, %d thread(s), %d images" % (torch.__version__, args.threads, args.images))
    for memory_format in (torch.contiguous_format, torch.channels_last):
        network = model.build(torch.Generator().manual_seed(42)).eval().to(memory_format=memory_format)
        for batch in (100, 256, 1000):
            batches = [x[i:i + batch].contiguous(memory_format=memory_format) for i in range(0, args.images, batch)]
            seconds = []
            with torch.inference_mode():
                for p in range(1 + args.passes):
                    start = time.perf_counter()
                    for b in batches:
                        network(b)
                    if p > 0:
                        seconds.append(time.perf_counter() - start)
            print("%-18s batch %4d: %6.0f images/s (fastest pass %6.0f)" % (
                str(memory_format).replace("torch.", ""), batch, args.images / statistics.median(seconds),
                args.images / min(seconds)))


if __name__ == "__main__":
    main()
