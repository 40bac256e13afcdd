"""BitFlow Workbench layers and training loop for PyTorch (written by `bitflow export pytorch`).

The layers reproduce the workbench's training semantics:
  * sign(x) = +1 if x >= 0 else -1 (sign(0) = +1), backward the straight-through estimator with the hard-tanh
    window: d sign(x)/dx := 1{|x| <= 1};
  * binary weights: B = sign(W) of latent float weights (same STE window), optional XNOR-Net scaling factor
    alpha_c = mean |W_c| per output channel (the gradient flows through alpha too); latent binary weights are
    clipped to [-1, 1] after every optimiser step;
  * BatchNorm: batch mean and biased variance in training, running = momentum * running + (1 - momentum) * batch
    (the workbench's and Keras' convention; PyTorch's own BatchNorm uses the unbiased variance and the opposite
    momentum), running statistics at inference;
  * zero padding contributes 0; +1 / -1 padding pads with that value (a different model, trained as such);
  * initialisation: Glorot uniform U(-l, l), l = sqrt(6 / (fan_in + fan_out)), conv fan_in = in * k * k and
    fan_out = filters * k * k, dense fan_in = in and fan_out = units; biases 0; BatchNorm gamma 1, beta 0, mean 0,
    var 1;
  * Adam with beta1 0.9, beta2 0.999, epsilon 1e-7 in the workbench's form
    w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps), or SGD with heavy-ball momentum u = mu u + g;
  * learning rate per step: constant, step (gamma every stepEpochs epochs), cosine to 0, or one-cycle (linear
    warm-up from lr / 25 over round(warmupFraction * total) steps, then cosine to 0);
  * mean softmax cross-entropy over the batch; inverted dropout.
Parameters use the workbench's names and layouts: conv W [out, in, kh, kw], dense W [in, out], b [out],
BatchNorm gamma, beta, mean, var [channels]; `save_npz` writes them as 'layer/param' arrays of float32.

Runs on the CPU, on one GPU (--device cuda), or on several GPUs and machines with torch.distributed:
    torchrun --nproc_per_node=4 train_MODEL.py --data DIR --device cuda
(every process takes its share of each batch, DistributedDataParallel averages the gradients, so the global batch
is the recipe's; BatchNorm statistics are those of each process's share).
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import bitflow_data


class SignSTE(torch.autograd.Function):
    """sign with sign(0) = +1; backward: grad * 1{|x| <= 1}."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.where(x >= 0, torch.ones_like(x), -torch.ones_like(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (x.abs() <= 1).to(grad.dtype)


def sign(x):
    return SignSTE.apply(x)


def glorot_(tensor, fan_in, fan_out, generator):
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    with torch.no_grad():
        tensor.copy_((torch.rand(tensor.shape, generator=generator, dtype=torch.float64) * 2 - 1) * limit)


class Conv2d(nn.Module):
    """conv2d with float or binary weights W [out, in, k, k], optional scaling factor and bias."""

    def __init__(self, name, in_channels, filters, kernel, stride, padding_mode, padding, binary, scaling, bias,
                 generator):
        super().__init__()
        self.name, self.stride, self.kernel = name, stride, kernel
        self.padding_mode, self.padding = padding_mode, padding
        self.binary, self.scaling = binary, scaling
        self.W = nn.Parameter(torch.empty(filters, in_channels, kernel, kernel))
        glorot_(self.W, in_channels * kernel * kernel, filters * kernel * kernel, generator)
        self.b = nn.Parameter(torch.zeros(filters)) if bias else None

    def effective_weights(self):
        if not self.binary:
            return self.W
        w = sign(self.W)
        if self.scaling:
            w = w * self.W.abs().mean(dim=(1, 2, 3), keepdim=True)
        return w

    def forward(self, x):
        pad = 0
        if self.padding_mode == "zero":
            pad = self.padding
        elif self.padding_mode in ("plus-one", "minus-one"):
            p = self.padding
            x = F.pad(x, (p, p, p, p), value=1.0 if self.padding_mode == "plus-one" else -1.0)
        return F.conv2d(x, self.effective_weights(), self.b, stride=self.stride, padding=pad)


class Dense(nn.Module):
    """y = x W + b with W [in, out] (the workbench's layout), float or binary weights."""

    def __init__(self, name, inputs, units, binary, scaling, bias, generator):
        super().__init__()
        self.name, self.binary, self.scaling = name, binary, scaling
        self.W = nn.Parameter(torch.empty(inputs, units))
        glorot_(self.W, inputs, units, generator)
        self.b = nn.Parameter(torch.zeros(units)) if bias else None

    def forward(self, x):
        w = self.W
        if self.binary:
            w = sign(self.W)
            if self.scaling:
                w = w * self.W.abs().mean(dim=0, keepdim=True)
        y = x @ w
        return y + self.b if self.b is not None else y


class BatchNorm(nn.Module):
    """BatchNorm over channels (dim 1) with biased batch variance and running = m * running + (1 - m) * batch."""

    def __init__(self, name, channels, epsilon, momentum, learn_gamma):
        super().__init__()
        self.name, self.epsilon, self.momentum = name, epsilon, momentum
        if learn_gamma:
            self.gamma = nn.Parameter(torch.ones(channels))
        else:
            self.register_buffer("gamma", torch.ones(channels))
        self.beta = nn.Parameter(torch.zeros(channels))
        self.register_buffer("mean", torch.zeros(channels))
        self.register_buffer("var", torch.ones(channels))

    def forward(self, x):
        dims = [0] if x.dim() == 2 else [0, 2, 3]
        shape = [1, -1] + [1] * (x.dim() - 2)
        if self.training:
            mean = x.mean(dim=dims)
            var = ((x - mean.view(shape)) ** 2).mean(dim=dims)
            with torch.no_grad():
                self.mean.mul_(self.momentum).add_(mean.detach() * (1 - self.momentum))
                self.var.mul_(self.momentum).add_(var.detach() * (1 - self.momentum))
        else:
            mean, var = self.mean, self.var
        xhat = (x - mean.view(shape)) / torch.sqrt(var.view(shape) + self.epsilon)
        return xhat * self.gamma.view(shape) + self.beta.view(shape)


class Sign(nn.Module):
    def __init__(self, name):
        super().__init__()
        self.name = name

    def forward(self, x):
        return sign(x)


class MaxPool(nn.Module):
    def __init__(self, name, size, stride):
        super().__init__()
        self.name, self.size, self.stride = name, size, stride

    def forward(self, x):
        return F.max_pool2d(x, self.size, self.stride)


class AvgPool(nn.Module):
    def __init__(self, name, size, stride):
        super().__init__()
        self.name, self.size, self.stride = name, size, stride

    def forward(self, x):
        return F.avg_pool2d(x, self.size, self.stride)


class Flatten(nn.Module):
    def __init__(self, name):
        super().__init__()
        self.name = name

    def forward(self, x):
        return x.flatten(1)  # channel-major (c, y, x), as the workbench


class Relu(nn.Module):
    def __init__(self, name):
        super().__init__()
        self.name = name

    def forward(self, x):
        return F.relu(x)


class Dropout(nn.Module):
    def __init__(self, name, rate):
        super().__init__()
        self.name, self.rate = name, rate

    def forward(self, x):
        return F.dropout(x, self.rate, self.training)


class Network(nn.Module):
    """The layers in order; the output is the class scores (the softmax lives in the loss)."""

    def __init__(self, layers):
        super().__init__()
        self.layers = nn.ModuleList(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def workbench_parameters(self):
        """(layer/param, tensor) in the workbench's names and layouts, running statistics included."""
        out = []
        for layer in self.layers:
            if isinstance(layer, (Conv2d, Dense)):
                out.append((layer.name + "/W", layer.W))
                if layer.b is not None:
                    out.append((layer.name + "/b", layer.b))
            elif isinstance(layer, BatchNorm):
                for p in ("gamma", "beta", "mean", "var"):
                    out.append((layer.name + "/" + p, getattr(layer, p)))
        return out

    def binary_latents(self):
        return [l.W for l in self.layers if isinstance(l, (Conv2d, Dense)) and l.binary]


def save_npz(network, path, meta):
    """The weights as 'layer/param' float32 arrays, and 'bitflow_meta' (UTF-8 JSON as uint8) for the provenance."""
    arrays = {name: t.detach().cpu().numpy().astype(np.float32) for name, t in network.workbench_parameters()}
    arrays["bitflow_meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8)
    tmp = path + ".tmp.npz"
    np.savez(tmp, **arrays)
    os.replace(tmp, path)


# ---- data: what the workbench reads (bitflow_data.py) ----

def load_split(location, split, model, limit=None):
    """The workbench's view of one split: (uint8 tensor [n, c, h, w], int64 labels, class names, split checksum).

    Pixels stay unsigned bytes (one byte per value of the network's input); `to_input` normalises each batch.
    """
    x, y, names, source = bitflow_data.load(location, split, model.DATASET, model.INPUT_SHAPE, limit, model.NAME)
    return torch.from_numpy(x), torch.from_numpy(y), names, source.digest


def to_input(x, dataset):
    """A uint8 batch as the float32 values the network sees (the definition's normalisation)."""
    x = x.to(torch.float32)
    if dataset["normalization"] == "minus-one-to-one":
        return x / 127.5 - 1.0
    return x / 255.0


# ---- recipe ----

def learning_rate(schedule, lr, step, steps_per_epoch, total):
    kind = schedule["kind"]
    total = max(1, total)
    if kind == "step":
        return lr * schedule["gamma"] ** ((step // max(1, steps_per_epoch)) // max(1, schedule["stepEpochs"]))
    if kind == "cosine":
        return lr * (1 + math.cos(math.pi * step / total)) / 2
    if kind == "one-cycle":
        warm = round(schedule["warmupFraction"] * total)
        if step < warm:
            start = lr / 25.0
            return start + (lr - start) * step / warm
        return lr * (1 + math.cos(math.pi * (step - warm) / max(1, total - warm))) / 2
    return lr


class WorkbenchAdam:
    """Adam in the workbench's form (see the module docstring)."""

    def __init__(self, params, b1=0.9, b2=0.999, eps=1e-7):
        self.params = [p for p in params if p.requires_grad]
        self.b1, self.b2, self.eps, self.t = b1, b2, eps, 0
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]

    @torch.no_grad()
    def step(self, lr):
        self.t += 1
        rate = lr * math.sqrt(1 - self.b2 ** self.t) / (1 - self.b1 ** self.t)
        for p, m, v in zip(self.params, self.m, self.v):
            if p.grad is None:
                continue
            m.mul_(self.b1).add_(p.grad * (1 - self.b1))
            v.mul_(self.b2).add_(p.grad * p.grad * (1 - self.b2))
            p.sub_(m / (v.sqrt() + self.eps) * rate)


class WorkbenchSgd:
    def __init__(self, params, momentum):
        self.params = [p for p in params if p.requires_grad]
        self.momentum = momentum
        self.u = [torch.zeros_like(p) for p in self.params]

    @torch.no_grad()
    def step(self, lr):
        for p, u in zip(self.params, self.u):
            if p.grad is None:
                continue
            u.mul_(self.momentum).add_(p.grad)
            p.sub_(u * lr)


def predict(network, x, dataset, device, batch=500):
    """Class scores of the uint8 examples x, normalised a batch at a time."""
    network.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out.append(network(to_input(x[i:i + batch].to(device), dataset)).cpu())
    return torch.cat(out) if out else torch.zeros(0)


def main(model):
    recipe, dataset = model.RECIPE, model.DATASET
    ap = argparse.ArgumentParser(description="Train %s as the BitFlow Workbench does, in PyTorch." % model.NAME)
    ap.add_argument("--data", default=dataset.get("location") or "standard",
                    help="the data, as the workbench's --data: a folder (its kind detected), KIND:DIR with KIND one "
                         "of images, idx, cifar10, hands, fashion-mnist, or 'standard' (default: %(default)s)")
    ap.add_argument("--out", default=model.NAME + ".npz", help="the weights file to write (.npz)")
    ap.add_argument("--epochs", type=int, default=recipe["epochs"])
    ap.add_argument("--batch-size", type=int, default=recipe["batchSize"])
    ap.add_argument("--lr", type=float, default=recipe["learningRate"])
    ap.add_argument("--seed", type=int, default=recipe["seed"])
    ap.add_argument("--max-train", type=int, default=0, help="train on the first N training images only")
    ap.add_argument("--device", default="cpu", help="cpu, cuda, or cuda:N")
    ap.add_argument("--test-predictions", default=None,
                    help="write 'INDEX PREDICTION' for every test image to this file after training")
    args = ap.parse_args()

    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    rank, world = 0, 1
    device = torch.device(args.device)
    if distributed:
        import torch.distributed as dist
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        if device.type == "cuda":
            device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
            torch.cuda.set_device(device)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    try:
        kind, _ = bitflow_data.resolve(args.data, dataset)
        x_all, y_all, names, train_digest = load_split(args.data, "train", model)
        x_test, y_test, _, _ = load_split(args.data, "test", model)
    except bitflow_data.DataError as e:
        print("error: %s" % e, file=sys.stderr, flush=True)
        return 2
    if rank == 0:
        print("data      %s (%s): %d classes [%s], %d train / %d test, %s" % (
            args.data, kind, len(names), ", ".join(names), len(x_all), len(x_test),
            "x".join(map(str, model.INPUT_SHAPE))), flush=True)
    order = np.random.default_rng(args.seed).permutation(len(x_all))
    n_val = int(round(recipe["validationFraction"] * len(x_all)))
    x_val, y_val = x_all[order[:n_val]], y_all[order[:n_val]]
    x_train, y_train = x_all[order[n_val:]], y_all[order[n_val:]]
    if args.max_train > 0:
        x_train, y_train = x_train[:args.max_train], y_train[:args.max_train]

    network = model.build(generator).to(device)
    trainable = network
    if distributed:
        trainable = nn.parallel.DistributedDataParallel(network, device_ids=[device.index] if device.type == "cuda"
                                                        else None)
    params = list(network.parameters())
    optimizer = WorkbenchAdam(params) if recipe["optimizer"] == "adam" else WorkbenchSgd(params, recipe["momentum"])
    batches = (len(x_train) + args.batch_size - 1) // args.batch_size
    total = batches * args.epochs
    step = 0
    for epoch in range(args.epochs):
        network.train()
        perm = torch.from_numpy(np.random.default_rng(args.seed * 1000003 + epoch).permutation(len(x_train)))
        loss_sum, correct, seen, start = 0.0, 0, 0, time.time()
        for b in range(batches):
            idx = perm[b * args.batch_size:(b + 1) * args.batch_size]
            if len(idx) >= world:
                idx = idx[rank::world]
            xb, yb = to_input(x_train[idx].to(device), dataset), y_train[idx].to(device)
            logits = trainable(xb)
            loss = F.cross_entropy(logits, yb)
            for p in params:
                p.grad = None
            loss.backward()
            optimizer.step(learning_rate(recipe["schedule"], args.lr, step, batches, total))
            with torch.no_grad():
                for w in network.binary_latents():
                    w.clamp_(-1.0, 1.0)
            step += 1
            loss_sum += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
            seen += len(idx)
        if rank == 0:
            line = "epoch %d/%d: loss %.4f, accuracy %.4f, %.1f s" % (epoch + 1, args.epochs, loss_sum / max(1, seen),
                                                                   correct / max(1, seen), time.time() - start)
            if n_val > 0:
                val = predict(network, x_val, dataset, device).argmax(1)
                line += ", validation accuracy %.4f" % (val == y_val).float().mean().item()
            print(line, flush=True)
    if rank == 0:
        test_logits = predict(network, x_test, dataset, device)
        test_pred = test_logits.argmax(1)
        accuracy = (test_pred == y_test).float().mean().item() if len(y_test) else float("nan")
        print("test accuracy %.4f on %d images" % (accuracy, len(y_test)), flush=True)
        meta = {"seed": args.seed, "epochs": args.epochs, "framework": "PyTorch " + torch.__version__,
                "datasetId": kind + model.DATASET_ID[len(dataset["id"]):], "datasetSha256": train_digest,
                "metrics": {"testAccuracy": accuracy, "trainLoss": loss_sum / max(1, seen)},
                "trainImages": len(x_train), "processes": world}
        network.cpu()
        save_npz(network, args.out, meta)
        print("wrote " + args.out, flush=True)
        if args.test_predictions:
            with open(args.test_predictions, "w") as f:
                for i, p in enumerate(test_pred.tolist()):
                    f.write("%d %d\n" % (i, p))
    if distributed:
        import torch.distributed as dist
        dist.destroy_process_group()
    return 0
