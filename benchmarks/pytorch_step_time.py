#!/usr/bin/env python3
"""Median training-step time of a definition in PyTorch on the CPU, for comparison with the workbench.

Not part of the test suite. Export the definition's PyTorch script first, then time it:

    ./bitflow export pytorch fashion-bcnn --out build/torch
    python3 benchmarks/pytorch_step_time.py build/torch fashion_bcnn_model --threads 1 --steps 30

A step is what the exported training loop does per batch: forward, mean softmax cross-entropy, backward, the
workbench's Adam and the clipping of the latent binary weights. Inputs are random in [-1, 1] with random labels
(the step's cost does not depend on the values), batch size from the recipe unless --batch is given. Prints one
line per thread count: median, fastest and slowest step in ms.
"""
import argparse
import importlib
import statistics
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", help="the folder 'bitflow export pytorch' wrote")
    ap.add_argument("model", help="the exported model module, e.g. fashion_bcnn_model")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--batch", type=int, default=0)
    args = ap.parse_args()
    sys.path.insert(0, args.folder)
    import torch
    import torch.nn.functional as F
    from bitflow_torch import WorkbenchAdam
    model = importlib.import_module(args.model)
    batch = args.batch or model.RECIPE["batchSize"]
    generator = torch.Generator().manual_seed(42)
    x = torch.rand((batch,) + tuple(model.INPUT_SHAPE), generator=generator) * 2 - 1
    y = torch.randint(0, 10, (batch,), generator=generator)
    print("PyTorch %s, batch %d, %s" % (torch.__version__, batch, torch.__config__.parallel_info().splitlines()[0]))
    for threads in args.threads:
        torch.set_num_threads(threads)
        network = model.build(torch.Generator().manual_seed(42))
        network.train()
        params = list(network.parameters())
        optimizer = WorkbenchAdam(params)
        times = []
        for i in range(args.warmup + args.steps):
            start = time.perf_counter()
            logits = network(x)
            loss = F.cross_entropy(logits, y)
            for p in params:
                p.grad = None
            loss.backward()
            optimizer.step(1e-3)
            with torch.no_grad():
                for w in network.binary_latents():
                    w.clamp_(-1.0, 1.0)
            loss.item()
            if i >= args.warmup:
                times.append((time.perf_counter() - start) * 1000)
        print("threads %d: median %.1f ms/step (fastest %.1f, slowest %.1f, %d steps)"
              % (threads, statistics.median(times), min(times), max(times), len(times)))


if __name__ == "__main__":
    main()
