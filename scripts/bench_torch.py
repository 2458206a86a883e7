# PyTorch counterpart of `alexnet bench --preset paper`: the 2012 AlexNet (LRN, groups=2), float32, TF32 off.
"""Times training steps of AlexNet-2012 on random data on one CUDA GPU and prints one JSON object.

The network matches core's `paper` preset: 3x227x227 input, conv1 96 11x11/4, LRN, 3/2 max pool,
conv2 256 5x5 pad 2 groups 2, LRN, pool, conv3 384 3x3, conv4 384 3x3 groups 2, conv5 256 3x3 groups 2,
pool, FC 9216-4096-4096-10 with dropout 0.5, SGD momentum 0.9, weight decay 5e-4. LRN uses PyTorch's
divide-by-n alpha: 5e-4 here is the paper's 1e-4. As in `alexnet bench`, each step copies the input
batch from (pageable) host memory to the device and ends with a copy of the softmax to the host, so
both loops move the same data and synchronise once per step. --device-input keeps the batch on the GPU.
"""
import argparse
import json
import time

import torch
import torch.nn as nn


def alexnet_2012(classes: int = 10) -> nn.Module:
    lrn = lambda: nn.LocalResponseNorm(size=5, alpha=5e-4, beta=0.75, k=2.0)
    return nn.Sequential(
        nn.Conv2d(3, 96, 11, stride=4), nn.ReLU(inplace=True), lrn(), nn.MaxPool2d(3, 2),
        nn.Conv2d(96, 256, 5, padding=2, groups=2), nn.ReLU(inplace=True), lrn(), nn.MaxPool2d(3, 2),
        nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(inplace=True),
        nn.Conv2d(384, 384, 3, padding=1, groups=2), nn.ReLU(inplace=True),
        nn.Conv2d(384, 256, 3, padding=1, groups=2), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2),
        nn.Flatten(),
        nn.Linear(9216, 4096), nn.ReLU(inplace=True), nn.Dropout(0.5),
        nn.Linear(4096, 4096), nn.ReLU(inplace=True), nn.Dropout(0.5),
        nn.Linear(4096, classes),
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--benchmark", action="store_true", help="cudnn.benchmark=True (timed algorithm search)")
    ap.add_argument("--device-input", action="store_true", help="keep the input batch on the GPU (no per-step copy)")
    args = ap.parse_args()

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = args.benchmark
    dev = torch.device("cuda")
    torch.manual_seed(7)
    net = alexnet_2012().to(dev).train()
    opt = torch.optim.SGD(net.parameters(), lr=0.001, momentum=0.9, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()
    x_host = torch.randn(args.batch_size, 3, 227, 227)
    y_host = torch.randint(0, 10, (args.batch_size,))
    x_dev, y = x_host.to(dev), y_host.to(dev)

    def step() -> None:
        x = x_dev if args.device_input else x_host.to(dev)
        logits = net(x)
        loss = loss_fn(logits, y)
        opt.zero_grad(set_to_none=False)
        loss.backward()
        opt.step()
        logits.detach().softmax(1).cpu()  # host copy of the probabilities: one sync per step

    for _ in range(args.warmup):
        step()
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        step()
    torch.cuda.synchronize()
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "framework": "pytorch",
        "torch_version": torch.__version__,
        "cuda_version": torch.version.cuda,
        "cudnn_version": torch.backends.cudnn.version(),
        "device": torch.cuda.get_device_name(0),
        "batch_size": args.batch_size,
        "steps": args.steps,
        "cudnn_benchmark": args.benchmark,
        "input_copied_each_step": not args.device_input,
        "tf32": False,
        "images_per_second": args.steps * args.batch_size / seconds,
        "step_ms": seconds * 1000 / args.steps,
    }))


if __name__ == "__main__":
    main()
