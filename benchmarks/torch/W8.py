"""W8 — a character LSTM in PyTorch: the same arithmetic as benchmarks/gradus/W8.grad.

Token embedding (width 32), one nn.LSTMCell of 128 units unrolled over the window by a loop,
a linear head at every position; cross-entropy, AdamW (lr 3e-3, weight decay 0.01), float32,
batches of 16 windows of 32 characters. Written as a learner writes the loop of lesson 10.
"""

import torch
from torch import nn

from common import QUICK, det, param, set_linear, sonnet_batches, train_language_model

steps = param("steps", 5 if QUICK else 30)
warmup = param("warmup", 2 if QUICK else 3)
embed = param("embed", 32)
hidden = param("hidden", 128)
batch = param("batch", 16)
context = param("context", 32)
vocab = 65


class CharLSTM(nn.Module):
    def __init__(self, vocab, embed, hidden):
        super().__init__()
        self.hidden = hidden
        self.token = nn.Embedding(vocab, embed)
        self.cell = nn.LSTMCell(embed, hidden)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, indices):
        x = self.token(indices)
        h = torch.zeros(indices.shape[0], self.hidden)
        c = torch.zeros(indices.shape[0], self.hidden)
        hs = []
        for t in range(indices.shape[1]):
            h, c = self.cell(x[:, t], (h, c))
            hs.append(h)
        return self.head(torch.stack(hs, dim=1))


net = CharLSTM(vocab, embed, hidden)
with torch.no_grad():
    net.token.weight.copy_(det((vocab, embed), 1))
    # Gradus's LSTMCell: W = weight_ihᵀ, U = weight_hhᵀ, b = bias_ih + bias_hh. Its one b gets one
    # AdamW step; two trained biases would each take that step and move their sum twice as far,
    # so bias_hh stays zero and out of the optimizer.
    net.cell.weight_ih.copy_(det((embed, 4 * hidden), 10, 1 / hidden**0.5).T)
    net.cell.weight_hh.copy_(det((hidden, 4 * hidden), 11, 1 / hidden**0.5).T)
    net.cell.bias_ih.copy_(det(4 * hidden, 12, 1 / hidden**0.5))
    net.cell.bias_hh.zero_()
net.cell.bias_hh.requires_grad_(False)
set_linear(net.head, 1000, 1001, 1 / hidden**0.5)

xs, ys = sonnet_batches(steps, batch, context)

train_language_model("W8", net, [p for p in net.parameters() if p.requires_grad], xs, ys, steps, warmup)
