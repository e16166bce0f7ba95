"""Builds the Whisper base encoder and one-step decoder as ONNX graphs from a CTranslate2 model.bin.

Every shape is static (tract optimises the graphs once) and every tensor the decoder reads per step is an
input laid out for its matrix product, so nothing large is gathered, concatenated or transposed per token:

Encoder: mel [1,80,3000] -> for each decoder layer i, cross_k_i [H,64,1500] and cross_v_i [H,1500,64] (its
cross-attention keys, transposed, and values, projected once per window).
Decoder (one token per call): token [1] i64, position [1] i64, mask [448] (0 for filled cache slots, -1e9 for
empty), and per layer self_k_i [H,64,448], self_v_i [H,448,64] (the earlier tokens' keys, transposed, and
values), cross_k_i, cross_v_i -> logits [51865], new_k, new_v [L,D] (this token's keys and values, which the
caller writes into the caches at position).
"""
import struct
import sys

import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper


# --- CTranslate2's model.bin: a version, the spec's name and revision, then named arrays, then aliases.
CT2_TYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


def read_ct2(path):
    """The arrays of a CTranslate2 model.bin (format version 6) by name, and the spec's name."""
    data = open(path, 'rb').read()
    at = 0

    def take(fmt):
        nonlocal at
        values = struct.unpack_from(fmt, data, at)
        at += struct.calcsize(fmt)
        return values

    def text():
        nonlocal at
        (n,) = take('<H')
        value = data[at:at + n - 1].decode()
        at += n
        return value

    (version,) = take('<I')
    assert version == 6, f'model.bin format {version}, this reader knows 6'
    spec = text()
    take('<I')
    (count,) = take('<I')
    arrays = {}
    for _ in range(count):
        name = text()
        (rank,) = take('<B')
        dims = take('<%dI' % rank)
        (kind,) = take('<B')
        (size,) = take('<I')
        dtype = np.dtype(CT2_TYPES[kind])
        arrays[name] = np.frombuffer(data, dtype=dtype, count=size // dtype.itemsize, offset=at).reshape(dims)
        at += size
    return spec, arrays


CTX = 448


class Graph:
    def __init__(self, weights, store=np.float16, one_row=False):
        self.w, self.store, self.one_row = weights, store, one_row
        self.nodes, self.inits, self.n = [], [], 0
        self.cache = {}

    def name(self, p):
        self.n += 1
        return f'{p}_{self.n}'

    def op(self, kind, inputs, **attrs):
        out = self.name(kind)
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def const(self, arr, p='c'):
        n = self.name(p)
        self.inits.append(numpy_helper.from_array(np.asarray(arr), n))
        return n

    def weight(self, key, transform=None, store=None):
        """A model weight, stored as float16 and cast to float32 (tract folds the cast at load)."""
        store = store or self.store
        ck = (key, transform)
        if ck in self.cache:
            return self.cache[ck]
        a = self.w[key].astype(np.float32)
        if transform:
            a = transform(a)
        n = self.const(a.astype(store), key.replace('/', '_'))
        out = self.op('Cast', [n], to=TensorProto.FLOAT) if store != np.float32 else n
        self.cache[ck] = out
        return out

    def linear(self, x, prefix, rows=None):
        """x @ W.T + b, optionally only rows a:b of W (CTranslate2 fuses q, k, v). For a single row x
        (the decoder's one token) as W @ x.T: tract then packs the weight once at load, not per call."""
        sl = (lambda a: a[rows[0]:rows[1]]) if rows else None
        if self.one_row:
            w = self.weight(prefix + '/weight', sl)
            n = (rows[1] - rows[0]) if rows else self.w[prefix + '/weight'].shape[0]
            column = self.op('Reshape', [x, self.const(np.array([-1, 1], np.int64))])
            y = self.op('Reshape', [self.op('MatMul', [w, column]), self.const(np.array([1, n], np.int64))])
        else:
            wt = self.weight(prefix + '/weight', (lambda a: (sl(a) if sl else a).T.copy()))
            y = self.op('MatMul', [x, wt])
        bkey = prefix + '/bias'
        if bkey in self.w:
            b = self.weight(bkey, sl)
            y = self.op('Add', [y, b])
        return y

    def layer_norm(self, x, prefix):
        mean = self.op('ReduceMean', [x], axes=[-1], keepdims=1)
        d = self.op('Sub', [x, mean])
        var = self.op('ReduceMean', [self.op('Mul', [d, d])], axes=[-1], keepdims=1)
        std = self.op('Sqrt', [self.op('Add', [var, self.const(np.float32(1e-5))])])
        y = self.op('Div', [d, std])
        return self.op('Add', [self.op('Mul', [y, self.weight(prefix + '/gamma')]), self.weight(prefix + '/beta')])

    def gelu(self, x):
        e = self.op('Erf', [self.op('Div', [x, self.const(np.float32(np.sqrt(2.0)))])])
        return self.op('Mul', [self.op('Mul', [x, self.op('Add', [e, self.const(np.float32(1.0))])]),
                               self.const(np.float32(0.5))])

    def heads(self, x, n_heads, d):
        """[T, D] -> [H, T, d]"""
        r = self.op('Reshape', [x, self.const(np.array([-1, n_heads, d], np.int64))])
        return self.op('Transpose', [r], perm=[1, 0, 2])

    def merge(self, x, dim):
        """[H, T, d] -> [T, D]"""
        t = self.op('Transpose', [x], perm=[1, 0, 2])
        return self.op('Reshape', [t, self.const(np.array([-1, dim], np.int64))])

    def attend(self, q, k, v, n_heads, d, mask=None):
        """q [Tq,D], k/v [Tk,D] -> [Tq,D]; scores scaled by 1/sqrt(d)."""
        qh, kh, vh = self.heads(q, n_heads, d), self.heads(k, n_heads, d), self.heads(v, n_heads, d)
        s = self.op('MatMul', [qh, self.op('Transpose', [kh], perm=[0, 2, 1])])
        s = self.op('Mul', [s, self.const(np.float32(1.0 / np.sqrt(d)))])
        if mask is not None:
            s = self.op('Add', [s, mask])
        p = self.op('Softmax', [s], axis=-1)
        return self.merge(self.op('MatMul', [p, vh]), n_heads * d)

    # One query against keys and values that are inputs, as broadcast products and sums: a matrix product
    # would repack the whole cache for every token (measured: 4x slower per token in tract).
    def attend_one(self, qh, keys_t, d):
        """qh [H, 1, d] . keys_t [H, d, T] -> scores [H, 1, T]"""
        column = self.op('Reshape', [qh, self.const(np.array([0, d, 1], np.int64))])
        return self.op('ReduceSum', [self.op('Mul', [column, keys_t]), self.const(np.array([1], np.int64))], keepdims=1)

    def weigh_one(self, weights, values, t):
        """weights [H, 1, T] . values [H, T, d] -> [H, 1, d]"""
        column = self.op('Reshape', [weights, self.const(np.array([0, t, 1], np.int64))])
        return self.op('ReduceSum', [self.op('Mul', [column, values]), self.const(np.array([1], np.int64))], keepdims=1)

    def model(self, inputs, outputs, name):
        g = helper.make_graph(self.nodes, name, inputs, outputs, self.inits)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 13)], producer_name='mendan')
        m.ir_version = 8
        return m


def layers(w, side):
    n = 0
    while f'{side}/layer_{n}/ffn/linear_0/weight' in w:
        n += 1
    return n


def encoder(w):
    g = Graph(w)
    D = w['encoder/conv1/bias'].shape[0]
    H = int(w['encoder/num_heads'])
    d = D // H
    x = g.op('Conv', ['mel', g.weight('encoder/conv1/weight'), g.weight('encoder/conv1/bias')], kernel_shape=[3], pads=[1, 1])
    x = g.gelu(x)
    x = g.op('Conv', [x, g.weight('encoder/conv2/weight'), g.weight('encoder/conv2/bias')], kernel_shape=[3], pads=[1, 1], strides=[2])
    x = g.gelu(x)  # [1, D, 1500]
    x = g.op('Reshape', [g.op('Transpose', [x], perm=[0, 2, 1]), g.const(np.array([-1, D], np.int64))])
    x = g.op('Add', [x, g.weight('encoder/position_encodings/encodings')])
    for i in range(layers(w, 'encoder')):
        p = f'encoder/layer_{i}'
        h = g.layer_norm(x, p + '/self_attention/layer_norm')
        q = g.linear(h, p + '/self_attention/linear_0', (0, D))
        k = g.linear(h, p + '/self_attention/linear_0', (D, 2 * D))
        v = g.linear(h, p + '/self_attention/linear_0', (2 * D, 3 * D))
        x = g.op('Add', [x, g.linear(g.attend(q, k, v, H, d), p + '/self_attention/linear_1')])
        h = g.layer_norm(x, p + '/ffn/layer_norm')
        h = g.linear(g.gelu(g.linear(h, p + '/ffn/linear_0')), p + '/ffn/linear_1')
        x = g.op('Add', [x, h])
    x = g.layer_norm(x, 'encoder/layer_norm')
    outputs = []
    for i in range(layers(w, 'decoder')):
        p = f'decoder/layer_{i}/attention/linear_1'
        k = g.op('Reshape', [g.linear(x, p, (0, D)), g.const(np.array([-1, H, d], np.int64))])
        v = g.op('Reshape', [g.linear(x, p, (D, 2 * D)), g.const(np.array([-1, H, d], np.int64))])
        g.nodes.append(helper.make_node('Transpose', [k], [f'cross_k_{i}'], perm=[1, 2, 0]))
        g.nodes.append(helper.make_node('Transpose', [v], [f'cross_v_{i}'], perm=[1, 0, 2]))
        outputs += [helper.make_tensor_value_info(f'cross_k_{i}', TensorProto.FLOAT, [H, d, 1500]),
                    helper.make_tensor_value_info(f'cross_v_{i}', TensorProto.FLOAT, [H, 1500, d])]
    return g.model([helper.make_tensor_value_info('mel', TensorProto.FLOAT, [1, 80, 3000])], outputs,
                   'whisper_encoder')


def decoder(w):
    g = Graph(w, one_row=True)
    V, D = w['decoder/embeddings/weight'].shape
    H = int(w['decoder/num_heads'])
    d = D // H
    L = layers(w, 'decoder')
    f = TensorProto.FLOAT
    to_heads = g.const(np.array([H, 1, d], np.int64))
    scale = g.const(np.float32(1.0 / np.sqrt(d)))

    def heads(t):  # [1, D] -> [H, 1, d]
        return g.op('Reshape', [t, to_heads])

    def merge(t):  # [H, 1, d] -> [1, D]
        return g.op('Reshape', [t, g.const(np.array([1, D], np.int64))])

    # The embedding table twice: read by the token's lookup, and transposed as the logits' constant second
    # operand. tract packs a constant for its product once at load, but not one another node also reads,
    # nor a first operand: either way it was repacked for every token (60 ms of a 90 ms step). Both in
    # float32: tract does not fold a cast of a table this large, and would cast it for every token.
    x = g.op('Gather', [g.weight('decoder/embeddings/weight', store=np.float32), 'token'], axis=0)  # [1, D]
    emb_t = g.weight('decoder/embeddings/weight', lambda a: a.T.copy(), store=np.float32)
    x = g.op('Add', [x, g.op('Gather', [g.weight('decoder/position_encodings/encodings'), 'position'], axis=0)])
    inputs = [helper.make_tensor_value_info('token', TensorProto.INT64, [1]),
              helper.make_tensor_value_info('position', TensorProto.INT64, [1]),
              helper.make_tensor_value_info('mask', f, [CTX])]
    new_k, new_v = [], []
    for i in range(L):
        p = f'decoder/layer_{i}'
        inputs += [helper.make_tensor_value_info(f'self_k_{i}', f, [H, d, CTX]),
                   helper.make_tensor_value_info(f'self_v_{i}', f, [H, CTX, d]),
                   helper.make_tensor_value_info(f'cross_k_{i}', f, [H, d, 1500]),
                   helper.make_tensor_value_info(f'cross_v_{i}', f, [H, 1500, d])]
        # Self-attention over the cache and this token: the scores of both go through one softmax, and the
        # weights are split again, so the cache is only read.
        h = g.layer_norm(x, p + '/self_attention/layer_norm')
        q = g.linear(h, p + '/self_attention/linear_0', (0, D))
        k = g.linear(h, p + '/self_attention/linear_0', (D, 2 * D))
        v = g.linear(h, p + '/self_attention/linear_0', (2 * D, 3 * D))
        new_k.append(k)
        new_v.append(v)
        qh, kh, vh = g.op('Mul', [heads(q), scale]), heads(k), heads(v)
        past = g.op('Add', [g.attend_one(qh, f'self_k_{i}', d), 'mask'])  # [H, 1, CTX]
        own = g.op('ReduceSum', [g.op('Mul', [qh, kh]), g.const(np.array([-1], np.int64))], keepdims=1)  # [H, 1, 1]
        weights = g.op('Softmax', [g.op('Concat', [past, own], axis=-1)], axis=-1)
        w_past = g.op('Slice', [weights, g.const(np.array([0], np.int64)), g.const(np.array([CTX], np.int64)),
                                g.const(np.array([2], np.int64))])
        w_own = g.op('Slice', [weights, g.const(np.array([CTX], np.int64)), g.const(np.array([CTX + 1], np.int64)),
                               g.const(np.array([2], np.int64))])
        attended = g.op('Add', [g.weigh_one(w_past, f'self_v_{i}', CTX), g.op('Mul', [w_own, vh])])
        x = g.op('Add', [x, g.linear(merge(attended), p + '/self_attention/linear_1')])
        # Cross-attention over the window's encoding.
        h = g.layer_norm(x, p + '/attention/layer_norm')
        qh = g.op('Mul', [heads(g.linear(h, p + '/attention/linear_0')), scale])
        weights = g.op('Softmax', [g.attend_one(qh, f'cross_k_{i}', d)], axis=-1)
        attended = g.weigh_one(weights, f'cross_v_{i}', 1500)
        x = g.op('Add', [x, g.linear(merge(attended), p + '/attention/linear_2')])
        h = g.layer_norm(x, p + '/ffn/layer_norm')
        x = g.op('Add', [x, g.linear(g.gelu(g.linear(h, p + '/ffn/linear_0')), p + '/ffn/linear_1')])
    x = g.layer_norm(x, 'decoder/layer_norm')
    logits = g.op('MatMul', [x, emb_t])  # [1, V]
    g.nodes.append(helper.make_node('Reshape', [logits, g.const(np.array([V], np.int64))], ['logits']))
    g.nodes.append(helper.make_node('Concat', new_k, ['new_k'], axis=0))
    g.nodes.append(helper.make_node('Concat', new_v, ['new_v'], axis=0))
    return g.model(inputs,
                   [helper.make_tensor_value_info('logits', f, [V]),
                    helper.make_tensor_value_info('new_k', f, [L, D]),
                    helper.make_tensor_value_info('new_v', f, [L, D])], 'whisper_decoder')


if __name__ == '__main__':
    src, out = sys.argv[1], sys.argv[2]
    spec, w = read_ct2(src)
    assert spec == 'WhisperSpec', spec
    onnx.save(encoder(w), f'{out}/encoder.onnx')
    onnx.save(decoder(w), f'{out}/decoder.onnx')
