"""A plain BERT encoder (post-LN, GELU), the MLM head used in pretraining, and mean pooling.

Graph inputs (int64, [batch, seq]): input_ids, attention_mask, token_type_ids.
Graph output: last_hidden_state (float32, [batch, seq, hidden]).
The sentence embedding is the mean of last_hidden_state over positions where attention_mask is 1; the
consumer computes it outside the graph (mean_pool below is the reference).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class EncoderConfig:
    vocab_size: int
    hidden_size: int = 128
    num_layers: int = 2
    num_heads: int = 4
    intermediate_size: int = 512
    max_position: int = 128
    type_vocab_size: int = 2
    dropout: float = 0.1
    layer_norm_eps: float = 1e-12

    def to_dict(self):
        return asdict(self)


class SelfAttention(nn.Module):
    def __init__(self, c: EncoderConfig):
        super().__init__()
        self.h = c.num_heads
        self.d = c.hidden_size // c.num_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)
        self.out = nn.Linear(c.hidden_size, c.hidden_size)
        self.drop = nn.Dropout(c.dropout)

    def forward(self, x, bias):
        b, s, _ = x.shape
        q = self.query(x).view(b, s, self.h, self.d).transpose(1, 2)
        k = self.key(x).view(b, s, self.h, self.d).transpose(1, 2)
        v = self.value(x).view(b, s, self.h, self.d).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.d) + bias
        p = self.drop(torch.softmax(scores, dim=-1))
        ctx = torch.matmul(p, v).transpose(1, 2).reshape(b, s, self.h * self.d)
        return self.out(ctx)


class Layer(nn.Module):
    def __init__(self, c: EncoderConfig):
        super().__init__()
        self.attn = SelfAttention(c)
        self.ln1 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.ffn_in = nn.Linear(c.hidden_size, c.intermediate_size)
        self.ffn_out = nn.Linear(c.intermediate_size, c.hidden_size)
        self.ln2 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.drop = nn.Dropout(c.dropout)

    def forward(self, x, bias):
        x = self.ln1(x + self.drop(self.attn(x, bias)))
        x = self.ln2(x + self.drop(self.ffn_out(F.gelu(self.ffn_in(x)))))
        return x


class BertEncoder(nn.Module):
    def __init__(self, c: EncoderConfig):
        super().__init__()
        self.config = c
        self.word = nn.Embedding(c.vocab_size, c.hidden_size)
        self.position = nn.Embedding(c.max_position, c.hidden_size)
        self.token_type = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.ln = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.drop = nn.Dropout(c.dropout)
        self.layers = nn.ModuleList([Layer(c) for _ in range(c.num_layers)])
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)
        if isinstance(m, nn.LayerNorm):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)

    def forward(self, input_ids, attention_mask, token_type_ids):
        seq = input_ids.shape[1]
        pos = torch.arange(seq, dtype=torch.long, device=input_ids.device).unsqueeze(0)
        x = self.word(input_ids) + self.position(pos) + self.token_type(token_type_ids)
        x = self.drop(self.ln(x))
        # additive mask: 0 where attended, -10000 on padding (as BERT does)
        bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        return x


class MlmHead(nn.Module):
    """transform (dense, GELU, LayerNorm) then a decoder tied to the word embeddings."""

    def __init__(self, c: EncoderConfig, word: nn.Embedding):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.ln = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.word = word
        self.bias = nn.Parameter(torch.zeros(c.vocab_size))
        nn.init.normal_(self.dense.weight, std=0.02)
        nn.init.zeros_(self.dense.bias)

    def forward(self, h):
        return F.linear(self.ln(F.gelu(self.dense(h))), self.word.weight, self.bias)


def mean_pool(last_hidden_state: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    m = attention_mask.to(last_hidden_state.dtype).unsqueeze(-1)
    return (last_hidden_state * m).sum(1) / m.sum(1).clamp(min=1e-9)


def encoder_param_count(model: BertEncoder) -> int:
    return sum(p.numel() for p in model.parameters())


def export_onnx(model: BertEncoder, path: str, opset: int = 14):
    """torch.onnx.export with dynamic batch and sequence axes."""
    model.eval()
    ids = torch.tensor([[2, 10, 11, 12, 3], [2, 13, 3, 0, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    types = torch.zeros_like(ids)
    dyn = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            model, (ids, mask, types), path,
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": dyn, "attention_mask": dyn, "token_type_ids": dyn, "last_hidden_state": dyn},
            opset_version=opset, do_constant_folding=True,
        )
