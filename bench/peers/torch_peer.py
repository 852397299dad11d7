"""PyTorch doing losscape's default work the way Python users write it, for bench/peers/peers.ts.

Jobs (one per run, the result printed as one JSON line on stdout):
  points-mlp, points-cnn  landscape points the loss-landscape way (Li et al. 2018's code): per
                          point, set every parameter to w + a*d1 + b*d2, then evaluate loss and
                          accuracy over 2,000 training digits (the MLP in one forward pass, the
                          CNN in chunks of 128, as its DataLoader does).
  train-mlp, train-cnn    training as losscape's trainer does it: SGD with heavy-ball momentum
                          0.9, learning rate 0.05, batch 64, 8,000 digits (8 epochs for the MLP,
                          1 for the CNN), loss and accuracy on the train and test sets at the start
                          and after every epoch.
  scan                    the default `deno task scan` job on the MLP: training as above, then a
                          1D slice of 161 points, a random plane and a PCA plane of 41x41 points.

The digits come from losscape's MNIST cache (lib/data/mnist_cache.ts describes the format).
Usage: python3 torch_peer.py JOB CACHE_FILE
"""
import json
import os
import sys
import time

STARTED = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

IMPORTED = time.perf_counter()


def blas_library():
    """The BLAS the process has mapped: the Debian build falls back to the slow reference one."""
    torch.randn(64, 64) @ torch.randn(64, 64)
    try:
        with open("/proc/self/maps") as maps:
            names = {line.split()[-1] for line in maps if "blas" in line.lower()}
    except OSError:
        return "unknown"
    if any("openblas" in name for name in names):
        return "OpenBLAS"
    if any("mkl" in name for name in names):
        return "MKL"
    return "reference BLAS (slow: apt-get install libopenblas0-pthread)" if names else "none"


def load_digits(path, seed=0):
    raw = open(path, "rb").read()
    magic, version, count, features, table_length = np.frombuffer(raw, "<u4", 5)
    if magic != 0x4E4D534C or version != 1:
        sys.exit(f"{path}: not a losscape MNIST cache")
    table = np.frombuffer(raw, "<f4", table_length, 20)
    labels = np.frombuffer(raw, np.uint8, count, 20 + 4 * table_length).astype(np.int64)
    pixels = np.frombuffer(raw, np.uint8, count * features, 20 + 4 * table_length + count)
    x = table[pixels].reshape(count, features)
    order = np.random.default_rng(seed).permutation(count)
    x, labels = torch.from_numpy(x[order].copy()), torch.from_numpy(labels[order].copy())
    return (x[:8000], labels[:8000]), (x[8000:], labels[8000:])


def make_model(name):
    torch.manual_seed(0)
    if name == "mlp":
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
    )


def evaluate(model, x, y, chunk):
    """Mean loss and accuracy, in inference mode, chunk by chunk."""
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(x), chunk):
            out = model(x[start:start + chunk])
            loss += nn.functional.cross_entropy(out, y[start:start + chunk], reduction="sum").item()
            correct += (out.argmax(1) == y[start:start + chunk]).sum().item()
    return loss / len(x), correct / len(x)


def train(model, train_set, test_set, epochs):
    """Returns the checkpoints (flat weights) and the last record."""
    (x, y), (tx, ty) = train_set, test_set
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    flat = lambda: torch.cat([p.detach().flatten() for p in model.parameters()]).clone()
    checkpoints, record = [flat()], evaluate(model, x, y, 1000) + evaluate(model, tx, ty, 1000)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x))
        for start in range(0, len(x), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x[batch]), y[batch]).backward()
            optimizer.step()
        record = evaluate(model, x, y, 1000) + evaluate(model, tx, ty, 1000)
        checkpoints.append(flat())
    return checkpoints, record


def random_directions(model, seed):
    """Gaussian directions, filter-normalised (Li et al. 2018), biases zeroed as in their code."""
    generator = torch.Generator().manual_seed(seed)
    directions = []
    for p in model.parameters():
        d = torch.randn(p.shape, generator=generator)
        if p.dim() <= 1:
            d.zero_()
        else:
            for filt, w in zip(d, p.detach()):
                filt.mul_(w.norm() / (filt.norm() + 1e-10))
        directions.append(d)
    return directions


def scan_points(model, directions, points, x, y, chunk):
    """The loss-landscape loop: set the weights of every point, then evaluate."""
    center = [p.detach().clone() for p in model.parameters()]
    d1, d2 = directions
    results = []
    for a, b in points:
        for p, w, u, v in zip(model.parameters(), center, d1, d2):
            p.data = w + a * u + b * v
        results.append(evaluate(model, x, y, chunk))
    for p, w in zip(model.parameters(), center):
        p.data = w
    return results


def grid(n):
    axis = np.linspace(-1, 1, n)
    return [(a, b) for b in axis for a in axis]


def main():
    job, cache = sys.argv[1], sys.argv[2]
    torch.set_num_threads(int(os.environ.get("PEER_TORCH_THREADS", "1")))
    result = {
        "job": job,
        "torch": torch.__version__,
        "numpy": np.__version__,
        "blas": blas_library(),
        "torchThreads": torch.get_num_threads(),
        "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
        "importSeconds": IMPORTED - STARTED,
    }
    started = time.perf_counter()
    train_set, test_set = load_digits(cache)
    result["dataSeconds"] = time.perf_counter() - started
    name = "cnn" if job.endswith("cnn") else "mlp"
    model = make_model(name)
    sample_x, sample_y = train_set[0][:2000], train_set[1][:2000]
    if job.startswith("points"):
        points = grid(41)[:: 41 * 41 // (12 if name == "cnn" else 200)]
        directions = (random_directions(model, 1), random_directions(model, 2))
        chunk = 128 if name == "cnn" else 2000
        scan_points(model, directions, points[:2], sample_x, sample_y, chunk)  # warm-up
        started = time.perf_counter()
        scan_points(model, directions, points, sample_x, sample_y, chunk)
        result["points"] = len(points)
        result["secondsPerPoint"] = (time.perf_counter() - started) / len(points)
    elif job.startswith("train"):
        epochs = 1 if name == "cnn" else 8
        started = time.perf_counter()
        _, record = train(model, train_set, test_set, epochs)
        result["secondsPerEpoch"] = (time.perf_counter() - started) / epochs
        result["final"] = dict(zip(["trainLoss", "trainAcc", "testLoss", "testAcc"], record))
    else:
        stages = {}
        started = time.perf_counter()
        checkpoints, record = train(model, train_set, test_set, 8)
        stages["train"] = time.perf_counter() - started
        started = time.perf_counter()
        d1 = random_directions(model, 1)
        zero = [torch.zeros_like(d) for d in d1]
        axis = np.linspace(-1, 1, 161)
        scan_points(model, (d1, zero), [(a, 0.0) for a in axis], sample_x, sample_y, 2000)
        stages["slice"] = time.perf_counter() - started
        started = time.perf_counter()
        scan_points(model, (d1, random_directions(model, 2)), grid(41), sample_x, sample_y, 2000)
        stages["random plane"] = time.perf_counter() - started
        started = time.perf_counter()
        steps = torch.stack(checkpoints[:-1]) - checkpoints[-1]
        _, _, v = torch.linalg.svd(steps, full_matrices=False)
        shapes = [p.shape for p in model.parameters()]
        pca = [list(torch.split(v[k], [s.numel() for s in shapes])) for k in (0, 1)]
        pca = [[part.reshape(s) for part, s in zip(d, shapes)] for d in pca]
        scan_points(model, pca, grid(41), sample_x, sample_y, 2000)
        stages["pca plane"] = time.perf_counter() - started
        result["stages"] = stages
        result["final"] = dict(zip(["trainLoss", "trainAcc", "testLoss", "testAcc"], record))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
