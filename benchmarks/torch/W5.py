"""W5 — one attention head, forward and backward, in PyTorch: the same arithmetic as
benchmarks/gradus/W5.grad (Q = x Wq, K = x Wk, V = x Wv, softmax(Q Kᵀ/√d) V, loss = mean(out²),
backward), d = 64, T = 64 … 1024, float32, one thread."""

from common import QUICK, clock, det, param, result

d = param("d", 64)
lengths = [64, 256] if QUICK else [64, 128, 256, 512, 1024]
repeats = [20, 4] if QUICK else [400, 150, 50, 15, 5]

Wq = det((d, d), 1, 1 / d**0.5).requires_grad_()
Wk = det((d, d), 2, 1 / d**0.5).requires_grad_()
Wv = det((d, d), 3, 1 / d**0.5).requires_grad_()
scale = d**0.5

for T, reps in zip(lengths, repeats):
    x = det((T, d), 4)
    t0 = clock()
    for r in range(reps + 2):
        if r == 2:
            t0 = clock()
        Wq.grad = Wk.grad = Wv.grad = None
        Q = x @ Wq
        K = x @ Wk
        V = x @ Wv
        out = (Q @ K.T / scale).softmax(dim=-1) @ V
        loss = (out**2).mean()
        loss.backward()
    elapsed = clock() - t0
    result(f"W5.T{T}", us_per_step=elapsed / reps * 1e6, final_loss=loss.item(),
           grad_check=Wq.grad.sum().item())
