"""BitFlow Workbench data sets for the exported PyTorch script (written by `bitflow export pytorch`).

Reads what the workbench's built-in data-set plugins read, in the same order, with the same labels and the same
pixel values (numpy only; Pillow only to decode image files to their stored samples):
  * idx:           four MNIST-style IDX files (train-images-idx3-ubyte[.gz], ...), class names from classes.txt,
                   else the label numbers; fashion-mnist: the same files, 28x28, its published class names;
  * images:        one folder per class, DIR/train/<class>/ and DIR/test/<class>/, or DIR/<class>/ split per class
                   by a seeded fraction (options testFraction, default 0.2, and splitSeed, default 1);
  * cifar10:       CIFAR-10 binary batches (data_batch_1.bin ..., test_batch.bin, batches.meta.txt);
  * hands:         11K Hands (HandInfo.csv and Hands/), gender labels, options aspect and side, people split by
                   a seeded fraction.
`--data DIR` detects the kind as the workbench does (an exact Fashion-MNIST folder, then the files of one format,
then class folders); `KIND:DIR` names it; `standard` is the data set's standard folder.

The rules copied from the workbench, so that both read the same examples:
  * names sort as Java's String.compareTo does (UTF-16 code units, not code points and not the locale);
  * an image folder's examples are ordered by file name, then by class; a class folder's files by name;
  * seeded choices use java.util.Random's generator and the workbench's Fisher-Yates permutation (from the last
    position down, j = nextInt(i + 1)); a class's split draws with seed ^ String.hashCode(class name); the test
    part is the first Math.round(n * testFraction) of the permutation (rounded half up);
  * one channel from colour: luma (299 R + 587 G + 114 B + 500) / 1000 in integers; grey to three channels
    repeats it; 16-bit samples keep their high byte; the bit-field components of 16- and 32-bit BMPs (5-5-5,
    5-6-5, ...) are scaled to 0..255, round(c * 255 / (2^n - 1)) for n bits; palette images take their palette's
    colours; alpha is ignored;
  * resize (definition's dataset.resize), in float64 as the workbench computes it: nearest takes source pixel
    (floor((y + 0.5) h / H), floor((x + 0.5) w / W)); bilinear samples ((y + 0.5) h / H - 0.5, ...) clamped to the
    image from its four neighbours and rounds half up; "none" refuses an image of another size;
  * bounds: image files of at most 64 MB, 1 to 25 megapixels and at most 8,256 pixels per byte of the file,
    checked from the header before any pixel is decoded; IDX and CIFAR-10 headers are checked against the file's
    size before anything they announce is read.
Every problem with the data is a DataError whose message names the file (the script prints it on one line).
"""
import gzip
import hashlib
import io
import math
import os
import re
import struct
import zlib

import numpy as np


class DataError(Exception):
    """A data set that cannot be read as the workbench reads it; the message names the file and the defect."""


# ---- what the built-in plugins fix (the workbench's constants) ----

FASHION_MNIST_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                         "Ankle boot"]
FASHION_MNIST_STANDARD = "/usr/share/datasets/fashion-mnist"
FASHION_MNIST_LABEL_DIGESTS = {"3c21fee794d4e929e970f998d4bd834b9bcc1484fcff27a63c189edbc12937f4",
                               "dc303f5d5056a9db09c5993292e353dc236c5db32a0d7e20e973aba97711977e"}
CIFAR_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
HANDS_CLASSES = ["female", "male"]
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "bmp", "gif"}
MAX_IMAGE_FILE_BYTES = 64 << 20
MAX_PIXELS = 25000000
MAX_PIXELS_PER_FILE_BYTE = 8 * 1032
CIFAR_RECORD = 1 + 3 * 32 * 32
KINDS = ["fashion-mnist", "idx", "images", "cifar10", "hands"]
OPTIONS = {"fashion-mnist": set(), "idx": set(), "images": {"testFraction", "splitSeed"}, "cifar10": set(),
           "hands": {"aspect", "side", "testFraction", "splitSeed"}}
# The levels of recognition, lowest first (the workbench's engine.spi.Recognition).
NONE, LAYOUT, FORMAT, EXACT = 0, 1, 2, 3


# ---- Java's rules ----

def java_units(s):
    """The UTF-16 code units of s (what a Java String holds)."""
    b = s.encode("utf-16-be", "surrogatepass")
    return struct.unpack(">%dH" % (len(b) // 2), b)


def java_order(s):
    """A sort key giving Java's String.compareTo order: UTF-16 code units compared one by one."""
    return s.encode("utf-16-be", "surrogatepass")


def java_hash(s):
    """Java's String.hashCode: s[0] * 31^(n-1) + ... over UTF-16 code units, as a signed 32-bit int."""
    h = 0
    for u in java_units(s):
        h = (31 * h + u) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h


def java_round(x):
    """Java's Math.round(double): the nearest integer, ties towards positive infinity."""
    f = math.floor(x)
    return int(f) + (1 if x - f >= 0.5 else 0)


class JavaRandom:
    """java.util.Random: the 48-bit linear congruential generator the Java specification fixes."""
    _MULTIPLIER = 0x5DEECE66D
    _MASK = (1 << 48) - 1

    def __init__(self, seed):
        self._seed = (seed ^ self._MULTIPLIER) & self._MASK

    def next_bits(self, bits):
        self._seed = (self._seed * self._MULTIPLIER + 0xB) & self._MASK
        return self._seed >> (48 - bits)

    def next_int(self, bound):
        if bound <= 0:
            raise ValueError("bound must be positive")
        if bound & (bound - 1) == 0:
            return (bound * self.next_bits(31)) >> 31
        while True:
            bits = self.next_bits(31)
            value = bits % bound
            if bits - value + (bound - 1) < (1 << 31):  # no int overflow in Java
                return value


def permutation(n, seed):
    """The workbench's seeded permutation of 0..n-1 (engine.spi.Permutation)."""
    p = list(range(n))
    rnd = JavaRandom(seed)
    for i in range(n - 1, 0, -1):
        j = rnd.next_int(i + 1)
        p[i], p[j] = p[j], p[i]
    return p


_JAVA_SPACE = "".join(chr(c) for c in list(range(9, 14)) + list(range(28, 33))) + "\u1680\u2000\u2001\u2002\u2003" \
    "\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000"


def java_strip(s):
    """Java's String.strip (Character.isWhitespace; no-break spaces stay)."""
    return s.strip(_JAVA_SPACE)


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def split_digest(file_digests):
    """A split's checksum as the workbench computes it: SHA-256 of the lines '<file sha256>\\n'."""
    return sha256_hex("".join(d + "\n" for d in file_digests).encode("ascii"))


# ---- the seeded split of data sets without a published one ----

class SeededSplit:
    """Options testFraction (0.2) and splitSeed (1): which items are test items (first round(n * f) drawn)."""

    def __init__(self, options, dataset):
        raw = options.get("testFraction", "0.2")
        try:
            fraction = float(java_strip(str(raw)))
        except ValueError:
            raise DataError("%s: option testFraction must be a number in (0, 1), was '%s'" % (dataset, raw))
        if not (0 < fraction < 1):
            raise DataError("%s: option testFraction must be in (0, 1), was %s" % (dataset, raw))
        raw_seed = options.get("splitSeed", "1")
        try:
            seed = int(java_strip(str(raw_seed)))
            if not -(1 << 63) <= seed < (1 << 63):
                raise ValueError()
        except ValueError:
            raise DataError("%s: option splitSeed must be an integer, was '%s'" % (dataset, raw_seed))
        self.fraction, self.seed = fraction, seed

    def test_items(self, n, salt):
        p = permutation(n, self.seed ^ salt)
        test = [False] * n
        for i in range(java_round(n * self.fraction)):
            test[p[i]] = True
        return test


# ---- locations and detection ----

def parse_location(text):
    """(kind or None, folder): 'standard', 'KIND:DIR' or 'DIR' as the workbench's --data reads them."""
    if text is None or text.strip() == "" or text in ("standard", "default"):
        return None, "standard"
    if text == "mini":
        return None, "mini"
    m = re.fullmatch(r"([a-z0-9][a-z0-9-]*):(.+)", text)
    if m:
        return m.group(1), m.group(2)
    return None, text


def resolve(text, dataset):
    """(kind, folder) that reads --data `text` for the definition's data set (see the module docstring)."""
    kind, folder = parse_location(text)
    own = dataset["id"]
    if folder == "mini":
        raise DataError("the embedded mini set is inside the workbench; pass its folder instead, for example "
                        "--data sample-models/mini (in the workbench's folder)")
    if folder == "standard":
        if own != "fashion-mnist":
            raise DataError("%s has no standard location; pass --data %s:DIR" % (own, own))
        if not _idx_available(FASHION_MNIST_STANDARD):
            raise DataError("Fashion-MNIST is not installed in %s: apt-get install dataset-fashion-mnist, or pass "
                            "--data DIR (a folder with train-images-idx3-ubyte, ...)" % FASHION_MNIST_STANDARD)
        return "fashion-mnist", FASHION_MNIST_STANDARD
    if kind is not None:
        _known(kind)
        return kind, folder
    if not os.path.isdir(folder):
        return _known(own), folder
    levels = {k: _recognize(k, folder) for k in KINDS}
    best = max(levels.values())
    top = [k for k in KINDS if levels[k] == best and best > NONE]
    if not top:
        return _known(own), folder
    if own in top:
        return own, folder
    if len(top) > 1:
        raise DataError("%s could be read as %s data; name the kind, for example --data %s:%s"
                        % (folder, ", ".join(top), top[0], folder))
    return top[0], folder


def _known(kind):
    if kind not in KINDS:
        raise DataError("unknown data set '%s'; the exported script reads %s (a plugin's own data sets are read by "
                        "the workbench only)" % (kind, ", ".join(KINDS)))
    return kind


def _recognize(kind, folder):
    try:
        if kind == "fashion-mnist":
            if not _idx_available(folder):
                return NONE
            return EXACT if _idx_label_digest(folder) in FASHION_MNIST_LABEL_DIGESTS else NONE
        if kind == "idx":
            return FORMAT if _idx_available(folder) else NONE
        if kind == "images":
            train, test = os.path.join(folder, "train"), os.path.join(folder, "test")
            if os.path.isdir(train) and os.path.isdir(test):
                return LAYOUT if _class_folders_with_images(train) >= 1 else NONE
            return LAYOUT if _class_folders_with_images(folder) >= 2 else NONE
        if kind == "cifar10":
            return FORMAT if _cifar_dir(folder) is not None else NONE
        if kind == "hands":
            return FORMAT if _hands_available(folder) else NONE
    except (OSError, ValueError, DataError):
        return NONE
    return NONE


# ---- opened splits ----

class SplitSource:
    """One split as the plugin opens it: labels, class names and checksum known, pixels read per example."""

    def __init__(self, kind, source, shape, labels, class_names, digest, reader):
        self.kind, self.source, self.shape = kind, source, tuple(shape)
        self.labels = np.asarray(labels, dtype=np.int64)
        self.class_names, self.digest, self._reader = list(class_names), digest, reader

    def __len__(self):
        return len(self.labels)

    def read(self, index):
        """Example `index` as uint8 [channels, height, width]."""
        return self._reader(index)


def open_split(text, split, dataset, input_shape):
    """The split ('train' or 'test') of --data `text` as the definition's data set reads it (unfiltered)."""
    kind, folder = resolve(text, dataset)
    options = dataset.get("options") or {}
    for option in sorted(options):
        if option not in OPTIONS[kind]:
            takes = sorted(OPTIONS[kind])
            raise DataError("data set %s: unknown option '%s' in dataset.options%s" % (
                kind, option, "; it takes no options" if not takes else "; it takes " + ", ".join(takes)))
    if kind in ("fashion-mnist", "idx"):
        return _open_idx(kind, folder, split)
    if kind == "cifar10":
        return _open_cifar(folder, split)
    if kind == "images":
        return _open_images(folder, split, dataset, input_shape)
    return _open_hands(folder, split, dataset, input_shape)


def class_subset(dataset, kind, class_names):
    """The published classes of the view: dataset['classes'] checked, or all."""
    classes = list(dataset.get("classes") or [])
    n = len(class_names)
    if not classes:
        return list(range(n))
    seen = set()
    for c in classes:
        if not isinstance(c, int) or c < 0 or c >= n:
            raise DataError("data set %s: class %s in classes %s is outside 0..%d (%s)"
                            % (kind, c, classes, n - 1, ", ".join(class_names)))
        if c in seen:
            raise DataError("data set %s: class %d appears twice in classes %s" % (kind, c, classes))
        seen.add(c)
    if len(classes) < 2:
        raise DataError("data set %s: a class subset needs at least 2 classes, got %s" % (kind, classes))
    return classes


class View:
    """The examples the workbench trains on: a split's examples of the class subset, in order, relabelled."""

    def __init__(self, source, rows, labels, names):
        self.source, self.rows, self.labels, self.names = source, rows, labels, names

    def __len__(self):
        return len(self.rows)

    def read(self, index):
        """Example `index` of the view as uint8 [channels, height, width]."""
        try:
            return self.source.read(self.rows[index])
        except OSError as e:
            raise DataError(_os_error(e, self.source.source))


def view(text, split, dataset, input_shape, name="the definition"):
    """The view of one split: dataset['classes'] keeps those classes' examples in their order and relabels them;
    pinned class names (a trained model's definition) must equal the data's; the data's size must be the input's."""
    try:
        source = open_split(text, split, dataset, input_shape)
    except OSError as e:
        raise DataError(_os_error(e, text))
    if tuple(source.shape) != tuple(input_shape):
        raise DataError("definition '%s' expects input %s but %s has %s" % (
            name, "x".join(map(str, input_shape)), source.source, "x".join(map(str, source.shape))))
    classes = class_subset(dataset, source.kind, source.class_names)
    to_view = {c: i for i, c in enumerate(classes)}
    rows = [i for i, label in enumerate(source.labels.tolist()) if label in to_view]
    names = [source.class_names[c] for c in classes]
    pinned = list(dataset.get("classNames") or [])
    if pinned and pinned != names:
        raise DataError("the model's classes are %d classes [%s] but %s has %d classes [%s]; its predictions would "
                        "be scored against unrelated labels. Pass --data with data of the same classes."
                        % (len(pinned), ", ".join(pinned), text, len(names), ", ".join(names)))
    labels = np.array([to_view[int(source.labels[r])] for r in rows], dtype=np.int64)
    return View(source, rows, labels, names)


def _os_error(e, where):
    return "%s: cannot read: %s" % (e.filename or where, e.strerror or e)


def load(text, split, dataset, input_shape, limit=None, name="the definition"):
    """The view decoded: (uint8 [n, c, h, w], int64 labels, class names, opened split); `limit` decodes only the
    first examples. Memory: one byte per value of the network's input per example."""
    v = view(text, split, dataset, input_shape, name)
    n = len(v) if limit is None else min(limit, len(v))
    x = np.empty((n,) + tuple(input_shape), dtype=np.uint8)
    for k in range(n):
        x[k] = v.read(k)
    return x, v.labels[:n], v.names, v.source


# ---- IDX ----

def _idx_file(folder, base):
    dotted = base.replace("-idx", ".idx")
    for name in (base + ".gz", base, dotted, dotted + ".gz"):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return path
    return None


def _idx_bases(split):
    prefix = "train" if split == "train" else "t10k"
    return prefix + "-images-idx3-ubyte", prefix + "-labels-idx1-ubyte"


def _idx_available(folder):
    return all(_idx_file(folder, b) is not None for s in ("train", "test") for b in _idx_bases(s))


def _read_file(path, name, limit):
    size = os.path.getsize(path)
    if size > limit:
        raise DataError("%s: %d bytes; files of at most %d MB are read" % (name, size, limit >> 20))
    with open(path, "rb") as f:
        return f.read()


def _idx_content(path, header_bytes, expected_magic, what):
    """(content, stored bytes, trailing): the IDX file decompressed up to the data its header announces (never
    more), and how many bytes follow that data."""
    name = os.path.basename(path)
    with open(path, "rb") as f:
        stored = f.read()
    if stored[:2] != b"\x1f\x8b":
        return stored, stored, 0
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        content = inflater.decompress(stored, header_bytes)
        if len(content) == header_bytes and struct.unpack(">I", content[:4])[0] == expected_magic:
            dims = struct.unpack(">%dI" % ((header_bytes - 4) // 4), content[4:])
            expected = int(np.prod(dims, dtype=object))
            if expected > len(stored) * 1032:
                raise DataError("%s: the header says %s (%d bytes), more than %d gzipped bytes can hold; the file is "
                                "truncated or made to exhaust memory" % (name, what, expected, len(stored)))
            content += inflater.decompress(inflater.unconsumed_tail, expected)
            trailing = 0
            while inflater.unconsumed_tail and not inflater.eof:
                trailing += len(inflater.decompress(inflater.unconsumed_tail, 1 << 20))
            if trailing:
                return content, stored, trailing
    except zlib.error as e:
        raise DataError("%s: gzip data is corrupt (%s)" % (name, e))
    return content, stored, 0


def _idx_parse(path, images):
    name = os.path.basename(path)
    magic_expected, header_bytes, what = (0x00000803, 16, "images") if images else (0x00000801, 8, "labels")
    content, stored, trailing = _idx_content(path, header_bytes, magic_expected, what)
    if len(content) < 4:
        raise DataError("%s: only %d bytes, too short for an IDX header" % (name, len(content)))
    magic = struct.unpack(">I", content[:4])[0]
    if magic != magic_expected:
        if magic >> 16:
            found = "not an IDX file"
        elif magic in (0x00000803, 0x00000801):
            found = "this is an IDX %s file" % ("images" if magic == 0x00000803 else "labels")
        elif (magic >> 8) & 0xFF != 0x08:
            found = "wrong data type 0x%02X, only unsigned byte (0x08) is supported" % ((magic >> 8) & 0xFF)
        else:
            found = "wrong number of dimensions %d, %s have %d" % (magic & 0xFF, what, 3 if images else 1)
        raise DataError("%s: %s: magic number 0x%08X, expected 0x%08X (%s)" % (name, found, magic, magic_expected,
                                                                                what))
    if len(content) < header_bytes:
        raise DataError("%s: truncated header: %d bytes, an IDX %s header has %d" % (name, len(content), what,
                                                                                     header_bytes))
    dims = struct.unpack(">%dI" % ((header_bytes - 4) // 4), content[4:header_bytes])
    for d, label in zip(dims, ("count", "rows", "cols")):
        if d >= 1 << 31 or (d == 0 and label != "count"):
            raise DataError("%s: invalid %s %d in the header" % (name, label, d))
    expected = int(np.prod(dims, dtype=object))
    says = ("header says %d images of %dx%d" % dims) if images else ("header says %d labels" % dims[0])
    present = len(content) - header_bytes + trailing
    if present < expected:
        raise DataError("%s: truncated: %s (%d bytes) but only %d bytes follow" % (name, says, expected, present))
    if present > expected:
        raise DataError("%s: %d trailing bytes: %s (%d bytes) but %d bytes follow" % (
            name, present - expected, says, expected, present))
    body = np.frombuffer(content, dtype=np.uint8, offset=header_bytes)
    return (body.reshape(dims) if images else body), sha256_hex(stored)


def _idx_label_digest(folder):
    both = b""
    for split in ("train", "test"):
        labels, _ = _idx_parse(_idx_file(folder, _idx_bases(split)[1]), False)
        both += struct.pack(">II", 0x00000801, len(labels)) + labels.tobytes()
    return sha256_hex(both)


def _read_classes_file(path):
    if os.path.getsize(path) > 1 << 20:
        raise DataError("%s: %d bytes; a class list of at most 256 names has far fewer" % (path,
                                                                                           os.path.getsize(path)))
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    lines = re.split(r"\r?\n", text)
    last = len(lines)
    while last > 0 and java_strip(lines[last - 1]) == "":
        last -= 1
    names, seen = [], set()
    for i in range(last):
        name = java_strip(lines[i])
        if i == 0 and name.startswith("\ufeff"):
            name = java_strip(name[1:])
        if name == "":
            raise DataError("%s: line %d is empty; one class name per line" % (path, i + 1))
        if name in seen:
            raise DataError("%s: line %d: class name '%s' appears twice" % (path, i + 1, name))
        seen.add(name)
        names.append(name)
    if not 2 <= len(names) <= 256:
        raise DataError("%s: %d class names; a classifier needs 2..256" % (path, len(names)))
    return names


def _open_idx(kind, folder, split):
    if not os.path.isdir(folder):
        raise DataError("%s is not a folder; --data DIR needs a folder with the IDX files" % folder)
    paths = []
    for base in _idx_bases(split):
        path = _idx_file(folder, base)
        if path is None:
            raise DataError("%s: no %s or %s.gz" % (folder, base, base))
        paths.append(path)
    images, images_sha = _idx_parse(paths[0], True)
    labels, labels_sha = _idx_parse(paths[1], False)
    images_name, labels_name = os.path.basename(paths[0]), os.path.basename(paths[1])
    if kind == "fashion-mnist" and images.shape[1:] != (28, 28):
        raise DataError("%s: images are %dx%d but Fashion-MNIST images are 28x28" % (images_name, images.shape[1],
                                                                                    images.shape[2]))
    if len(images) != len(labels):
        raise DataError("%s has %d images but %s has %d labels; they must be the same split" % (
            images_name, len(images), labels_name, len(labels)))
    classes_file = os.path.join(folder, "classes.txt")
    if kind == "fashion-mnist":
        names = FASHION_MNIST_CLASSES
    elif os.path.isfile(classes_file):
        names = _read_classes_file(classes_file)
    else:
        other = _idx_file(folder, _idx_bases("test" if split == "train" else "train")[1])
        top = max(int(labels.max()) if len(labels) else 0,
                  int(_idx_parse(other, False)[0].max(initial=0)) if other else 0)
        if top < 1:
            raise DataError("%s: every label is %d: a classifier needs at least 2 classes" % (labels_name, top))
        names = [str(c) for c in range(top + 1)]
    bad = np.nonzero(labels >= len(names))[0]
    if len(bad):
        i = int(bad[0])
        raise DataError("%s: label %d at index %d is outside 0..%d (%d classes%s)" % (
            labels_name, labels[i], i, len(names) - 1, len(names),
            " in classes.txt" if kind == "idx" and os.path.isfile(classes_file) else ""))
    shape = (1,) + images.shape[1:]
    return SplitSource(kind, images_name + " + " + labels_name, shape, labels, names,
                       split_digest([images_sha, labels_sha]), lambda i: images[i].reshape(shape))


# ---- CIFAR-10 ----

def _cifar_dir(folder):
    for d in (folder, os.path.join(folder, "cifar-10-batches-bin")):
        if os.path.isfile(os.path.join(d, "data_batch_1.bin")) and os.path.isfile(os.path.join(d, "test_batch.bin")):
            return d
    return None


def _cifar_classes(d):
    meta = os.path.join(d, "batches.meta.txt")
    if not os.path.isfile(meta):
        return CIFAR_CLASSES
    if os.path.getsize(meta) > 1 << 20:
        raise DataError("batches.meta.txt: %d bytes; a list of class names is far smaller" % os.path.getsize(meta))
    with open(meta, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    names = []
    for line in re.split(r"\r?\n", text):
        if java_strip(line) != "":
            if java_strip(line) in names:
                raise DataError("batches.meta.txt: class name '%s' appears twice" % java_strip(line))
            if len(names) == 256:
                raise DataError("batches.meta.txt: more than 256 class names; a classifier needs 2..256")
            names.append(java_strip(line))
    if not 2 <= len(names) <= 256:
        raise DataError("batches.meta.txt: %d class names; a classifier needs 2..256" % len(names))
    return names


def _open_cifar(folder, split):
    d = _cifar_dir(folder) if os.path.isdir(folder) else None
    if d is None:
        raise DataError("%s holds no CIFAR-10 batches: data_batch_1.bin ... data_batch_5.bin and test_batch.bin "
                        "(binary version)" % folder)
    names = _cifar_classes(d)
    if split == "test":
        files = [os.path.join(d, "test_batch.bin")]
    else:
        files = []
        for n in range(1, 6):
            f = os.path.join(d, "data_batch_%d.bin" % n)
            if os.path.isfile(f):
                if len(files) != n - 1:
                    raise DataError("%s: data_batch_%d.bin is missing; the training batches are numbered from 1 "
                                    "without gaps" % (f, len(files) + 1))
                files.append(f)
    records, digests = [], []
    for f in files:
        name = os.path.basename(f)
        size = os.path.getsize(f)
        if size == 0 or size % CIFAR_RECORD != 0:
            raise DataError("%s: %d bytes is not a whole number of %d-byte records (1 label + 3072 pixels); the file "
                            "is truncated or not CIFAR-10" % (name, size, CIFAR_RECORD))
        with open(f, "rb") as fh:
            data = fh.read(size)
        if len(data) != size:
            raise DataError("%s: changed while it was read" % name)
        r = np.frombuffer(data, dtype=np.uint8).reshape(-1, CIFAR_RECORD)
        bad = np.nonzero(r[:, 0] >= len(names))[0]
        if len(bad):
            k = int(bad[0])
            raise DataError("%s: label %d of record %d is outside 0..%d (%d classes%s)" % (
                name, r[k, 0], k, len(names) - 1, len(names),
                " in batches.meta.txt" if os.path.isfile(os.path.join(d, "batches.meta.txt")) else ""))
        records.append(r)
        digests.append(sha256_hex(data))
    allr = np.concatenate(records) if len(records) > 1 else records[0]
    source = "%s %s" % (d, "data_batch_1..%d.bin" % len(files) if split == "train" else "test_batch.bin")
    return SplitSource("cifar10", source, (3, 32, 32), allr[:, 0], names, split_digest(digests),
                       lambda i: allr[i, 1:].reshape(3, 32, 32))


# ---- image files ----

def _is_image_name(name):
    dot = name.rfind(".")
    return dot > 0 and name[dot + 1:].lower() in IMAGE_EXTENSIONS


def _is_ignorable(name):
    return name.startswith(".") or name.lower() in ("thumbs.db", "desktop.ini")


def _check_bmp_header(name, data):
    if len(data) < 2 or data[:2] != b"BM":
        return
    if len(data) < 26:
        raise DataError("%s: damaged image header (a BMP header of %d bytes)" % (name, len(data)))
    info = int.from_bytes(data[14:18], "little")
    bits_at = 24 if info == 12 else 28
    if len(data) < bits_at + 2 + (0 if info == 12 else 4):
        raise DataError("%s: damaged image header (a BMP header of %d bytes)" % (name, len(data)))
    bits = int.from_bytes(data[bits_at:bits_at + 2], "little")
    if bits not in (1, 4, 8, 16, 24, 32):
        raise DataError("%s: BMP header field bits per pixel is %d; 1, 4, 8, 16, 24 or 32 are read" % (name, bits))
    compression = 0 if info == 12 else int.from_bytes(data[30:34], "little")
    if compression > 3:
        raise DataError("%s: BMP header field compression is %d; none (0), RLE8 (1), RLE4 (2) and bit fields (3) "
                        "are read" % (name, compression))


def _pillow():
    try:
        from PIL import Image
    except ImportError:
        raise DataError("reading image files needs Pillow (Debian: apt-get install python3-pil; pip: pillow)")
    Image.MAX_IMAGE_PIXELS = None  # the bounds below are checked from the header before any pixel is decoded
    return Image


def _open_image(name, data):
    """The image opened (header read only), its size checked against the bounds."""
    Image = _pillow()
    _check_bmp_header(name, data)
    try:
        im = _BitFieldBmp.of(name, data) or Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "BMP", "GIF"])
    except DataError:
        raise
    except Exception as e:  # Pillow raises many kinds for a file it cannot identify
        if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:2] in (b"\xff\xd8", b"BM") or data[:4] == b"GIF8":
            raise DataError("%s: damaged image header (%s)" % (name, e))
        raise DataError("%s: not an image (no PNG, JPEG, BMP or GIF header)" % name)
    w, h = im.size
    if w < 1 or h < 1 or w * h > MAX_PIXELS:
        raise DataError("%s: the header says %dx%d pixels; images of 1 to %d megapixels are read"
                        % (name, w, h, MAX_PIXELS // 1000000))
    if w * h > MAX_PIXELS_PER_FILE_BYTE * len(data):
        raise DataError("%s: the header says %dx%d pixels, more than a file of %d bytes can hold (at most %d pixels "
                        "per byte); the file is truncated or made to exhaust memory"
                        % (name, w, h, len(data), MAX_PIXELS_PER_FILE_BYTE))
    return im


class _BitFieldBmp:
    """A 16-bit BMP, or a 32-bit BMP with bit fields, read here rather than by Pillow (which reads only some bit-field
    layouts), as the workbench's decoder reads it: each component c = (pixel & mask) >> shift of n bits is scaled to
    round(c * 255 / (2^n - 1)) in integers (java.awt's DirectColorModel: 5-bit 16 is 132, 6-bit 63 is 255, 8-bit c is
    c), a component whose mask is 0 is 0. `size` is read from the header; the pixels by samples()."""

    @staticmethod
    def of(name, data):
        """The file read so if it is such a BMP, else None."""
        if data[:2] != b"BM" or len(data) < 34 or int.from_bytes(data[14:18], "little") == 12:
            return None
        bits = int.from_bytes(data[28:30], "little")
        compression = int.from_bytes(data[30:34], "little")
        if compression == 3 and bits in (16, 32):
            if len(data) < 66:
                raise DataError("%s: damaged image header (a BMP header of %d bytes)" % (name, len(data)))
            masks = [int.from_bytes(data[54 + 4 * i:58 + 4 * i], "little") for i in range(3)]
        elif compression == 0 and bits == 16:
            masks = [0x7C00, 0x03E0, 0x001F]
        else:
            return None
        return _BitFieldBmp(name, data, bits, masks)

    def __init__(self, name, data, bits, masks):
        self.name, self.data, self.bits, self.masks = name, data, bits, masks
        self.width = int.from_bytes(data[18:22], "little", signed=True)
        self.height = int.from_bytes(data[22:26], "little", signed=True)
        self.size = (self.width, abs(self.height))
        self.shifts = [(m & -m).bit_length() - 1 if m else 0 for m in masks]
        self.tops = [m >> s for m, s in zip(masks, self.shifts)]  # 2^n - 1 for n bits, 0 for an absent component
        if not all(t & (t + 1) == 0 for t in self.tops):
            raise DataError("%s: damaged image header (BMP bit fields %s are not runs of bits)"
                            % (name, ", ".join("0x%X" % m for m in masks)))

    def samples(self):
        """The RGB samples, uint8 [h, w, 3]."""
        data, unit = self.data, self.bits // 8
        offset = int.from_bytes(data[10:14], "little")
        stride = (self.width * self.bits + 31) // 32 * 4
        rows = abs(self.height)
        if self.width < 1 or rows < 1 or offset + stride * rows > len(data):
            raise DataError("%s: damaged or truncated image (%d-bit BMP of %dx%d pixels in %d bytes)"
                            % (self.name, self.bits, self.width, rows, len(data)))
        px = np.frombuffer(data, dtype="<u%d" % unit, count=stride // unit * rows, offset=offset)
        px = px.reshape(rows, stride // unit).astype(np.int64)
        px = px[:, :self.width] if self.height < 0 else px[::-1, :self.width]
        planes = [(((px & m) >> s) * 255 + t // 2) // t if t else np.zeros_like(px)
                  for m, s, t in zip(self.masks, self.shifts, self.tops)]
        return np.stack(planes, axis=2).astype(np.uint8)


def _pillow_samples(name, im):
    """(samples, grey) of an image Pillow opened: uint8 [h, w] grey or [h, w, 3] RGB."""
    im.load()
    mode = im.mode
    if mode in ("P", "PA"):
        return np.asarray(im.convert("RGB")), False
    if mode == "1":
        return np.asarray(im.convert("L")), True
    if mode == "L":
        return np.asarray(im), True
    if mode == "LA":
        return np.asarray(im)[:, :, 0], True
    if mode in ("I", "I;16", "I;16B", "I;16L"):
        return (np.asarray(im).astype(np.int64) >> 8).astype(np.uint8), True
    if mode in ("RGB", "RGBA", "RGBX"):
        return np.asarray(im)[:, :, :3], False
    raise DataError("%s: damaged or truncated image (%s pixels are not read)" % (name, mode))


def image_samples(name, im, channels):
    """The opened image's stored samples as uint8 [channels, h, w] (grey/RGB rules in the module docstring)."""
    try:
        a, grey = (im.samples(), False) if isinstance(im, _BitFieldBmp) else _pillow_samples(name, im)
    except DataError:
        raise
    except Exception as e:
        raise DataError("%s: damaged or truncated image (%s: %s)" % (name, type(e).__name__, e))
    a = np.asarray(a, dtype=np.uint8)
    if grey:
        return np.repeat(a[None], channels, axis=0)
    rgb = a.transpose(2, 0, 1)
    if channels == 3:
        return np.ascontiguousarray(rgb)
    r, g, b = (rgb[i].astype(np.int64) for i in range(3))
    return ((299 * r + 587 * g + 114 * b + 500) // 1000).astype(np.uint8)[None]


def resize_plane(src, out_h, out_w, mode):
    """One uint8 plane [h, w] resized to [out_h, out_w] exactly as the workbench computes it (float64)."""
    h, w = src.shape
    ys, xs = np.arange(out_h, dtype=np.float64), np.arange(out_w, dtype=np.float64)
    if mode == "nearest":
        sy = np.minimum(h - 1, ((ys + 0.5) * h / out_h).astype(np.int64))
        sx = np.minimum(w - 1, ((xs + 0.5) * w / out_w).astype(np.int64))
        return src[sy[:, None], sx[None, :]]
    fy = np.minimum((ys + 0.5) * h / out_h - 0.5, h - 1)
    fy[fy < 0] = 0
    fx = np.minimum((xs + 0.5) * w / out_w - 0.5, w - 1)
    fx[fx < 0] = 0
    y0, x0 = fy.astype(np.int64), fx.astype(np.int64)
    y1, x1 = np.minimum(h - 1, y0 + 1), np.minimum(w - 1, x0 + 1)
    dy, dx = (fy - y0)[:, None], (fx - x0)[None, :]
    s = src.astype(np.float64)
    top = s[y0[:, None], x0[None, :]] * (1 - dx) + s[y0[:, None], x1[None, :]] * dx
    bottom = s[y1[:, None], x0[None, :]] * (1 - dx) + s[y1[:, None], x1[None, :]] * dx
    v = np.floor(top * (1 - dy) + bottom * dy + 0.5)
    return np.clip(v, 0, 255).astype(np.uint8)


def decode_image(name, data, shape, resize):
    """The image file's bytes as the network's input: uint8 [c, h, w] (channels 1 or 3), resized as asked."""
    channels, height, width = shape
    if channels not in (1, 3):
        raise DataError("%s: images can be read as 1 (grey) or 3 (RGB) channels, the network wants %d"
                        % (name, channels))
    im = _open_image(name, data)
    if resize == "none" and im.size != (width, height):
        raise DataError("%s: %dx%d pixels but the network's input is %dx%d (dataset.resize is \"none\"; set "
                        "\"nearest\" or \"bilinear\" to resize)" % ((name,) + im.size + (width, height)))
    samples = image_samples(name, im, channels)
    if samples.shape[1:] == (height, width):
        return samples
    return np.stack([resize_plane(p, height, width, resize) for p in samples])


def _image_files_source(kind, root, files, labels, class_names, shape, resize, digest_files, source):
    """Checks every file's header (and hashes it, as the workbench's manifest does); decodes per example."""
    lines = hashlib.sha256()
    for rel in files:
        path = os.path.join(root, rel)
        try:
            size = os.path.getsize(path)
        except OSError:
            raise DataError("%s: no such file" % rel)
        if size > MAX_IMAGE_FILE_BYTES:
            raise DataError("%s: %d bytes; image files of at most %d MB are read" % (rel, size,
                                                                                   MAX_IMAGE_FILE_BYTES >> 20))
        with open(path, "rb") as f:
            data = f.read(MAX_IMAGE_FILE_BYTES + 1)
        w, h = _open_image(rel, data).size
        if resize == "none" and (w, h) != (shape[2], shape[1]):
            raise DataError("%s: %dx%d pixels but the network's input is %dx%d (dataset.resize is \"none\"; set "
                            "\"nearest\" or \"bilinear\" to resize)" % (rel, w, h, shape[2], shape[1]))
        lines.update(("%s\t%s\n" % (rel, sha256_hex(data))).encode("utf-8", "surrogateescape"))
    digest = split_digest(digest_files + [lines.hexdigest()])

    def read(i):
        rel = files[i]
        path = os.path.join(root, rel)
        if not os.path.isfile(path):
            raise DataError("%s: the file is gone (it was there when %s was scanned)" % (rel, root))
        with open(path, "rb") as f:
            data = f.read(MAX_IMAGE_FILE_BYTES + 1)
        return decode_image(rel, data, shape, resize)

    return SplitSource(kind, source, shape, labels, class_names, digest, read)


# ---- image folders ----

def _class_folders_with_images(folder):
    found = 0
    for entry in os.listdir(folder):
        path = os.path.join(folder, entry)
        if os.path.isdir(path) and _first_entry_is_image(path):
            found += 1
            if found >= 2:
                break
    return found


def _first_entry_is_image(folder):
    looked = 0
    for entry in os.listdir(folder):
        if _is_image_name(entry):
            return True
        looked += 1
        if looked > 8:
            return False
    return False


def _class_folders(root, rel_dir):
    """{class: [relative file paths sorted by name]} of the class folders in root/rel_dir."""
    folder = os.path.join(root, rel_dir) if rel_dir else root
    out = {}
    for entry in os.listdir(folder):
        path = os.path.join(folder, entry)
        rel = os.path.join(rel_dir, entry) if rel_dir else entry
        if os.path.isdir(path):
            if not _is_ignorable(entry):
                out[entry] = None
        elif _is_image_name(entry):
            raise DataError("%s: an image outside the class folders; put every image in the folder of its class" % rel)
    for c in sorted(out, key=java_order):
        class_rel = os.path.join(rel_dir, c) if rel_dir else c
        files = []
        for entry in os.listdir(os.path.join(root, class_rel)):
            if _is_ignorable(entry):
                continue
            if os.path.isdir(os.path.join(root, class_rel, entry)):
                raise DataError("%s: a folder inside the class folder %s; put the images directly in it"
                                % (os.path.join(class_rel, entry), class_rel))
            if not _is_image_name(entry):
                raise DataError("%s: not an image file (expected %s)" % (os.path.join(class_rel, entry),
                                                                         ", ".join(sorted(IMAGE_EXTENSIONS))))
            files.append(entry)
        if not files:
            raise DataError("%s: no images in this class folder" % class_rel)
        files.sort(key=java_order)
        out[c] = [os.path.join(class_rel, f) for f in files]
    return out


def _check_class_count(root, rel_dir, classes):
    name = rel_dir if rel_dir else root
    if not classes:
        raise DataError("%s: no class folders; put the images in one folder per class (%s/<class>/*.png)"
                        % (name, name))
    if len(classes) == 1:
        raise DataError("%s: only one class folder (%s); a classifier needs at least 2" % (name, classes[0]))


def _ordered(by_class, classes, seeded, test):
    """(files, labels) ordered by file name, then class; with a seeded split only its test (or other) items."""
    items = []
    for c, cls in enumerate(classes):
        files = by_class.get(cls) or []
        is_test = seeded.test_items(len(files), java_hash(cls)) if seeded else None
        for i, f in enumerate(files):
            if seeded is None or is_test[i] == test:
                items.append((f, c))
    items.sort(key=lambda it: (java_order(os.path.basename(it[0])), it[1]))
    return [f for f, _ in items], [c for _, c in items]


def _open_images(folder, split, dataset, shape):
    if not os.path.isdir(folder):
        raise DataError("%s is not a folder; --data images:DIR needs a folder of class folders" % folder)
    root = os.path.normpath(os.path.abspath(folder))
    seeded = SeededSplit(dataset.get("options") or {}, "images")
    has_train, has_test = os.path.isdir(os.path.join(root, "train")), os.path.isdir(os.path.join(root, "test"))
    if has_train != has_test:
        raise DataError("%s: has %s; give both, or one folder per class (split by the option testFraction)"
                        % (root, "train/ but no test/" if has_train else "test/ but no train/"))
    train = split == "train"
    if has_train:
        by_train, by_test = _class_folders(root, "train"), _class_folders(root, "test")
        for c in sorted(by_test, key=java_order):
            if c not in by_train:
                raise DataError("%s: class '%s' has test images but no training folder train/%s"
                                % (os.path.join("test", c), c, c))
        classes = sorted(by_train, key=java_order)
        _check_class_count(root, "train", classes)
        files, labels = _ordered(by_train if train else by_test, classes, None, False)
        part = "train/" if train else "test/"
    else:
        by_class = _class_folders(root, "")
        classes = sorted(by_class, key=java_order)
        _check_class_count(root, "", classes)
        files, labels = _ordered(by_class, classes, seeded, not train)
        part = "training part" if train else "test part"
    return _image_files_source("images", root, files, labels, classes, shape, dataset.get("resize", "bilinear"), [],
                               root + " " + part)


# ---- 11K Hands ----

def _hands_available(folder):
    return os.path.isfile(os.path.join(folder, "HandInfo.csv")) and os.path.isdir(os.path.join(folder, "Hands"))


def _csv_fields(line):
    out = []
    for f in line.split(","):
        t = java_strip(f)
        if len(t) >= 2 and t.startswith('"') and t.endswith('"'):
            t = java_strip(t[1:-1])
        out.append(t)
    return out


def _choice(options, option, allowed):
    raw = options.get(option, "any")
    v = java_strip(str(raw)).lower()
    if v not in allowed:
        raise DataError("hands: option %s must be one of %s, was '%s'" % (option, ", ".join(allowed), raw))
    return v


def _open_hands(folder, split, dataset, shape):
    if not _hands_available(folder):
        raise DataError("%s does not hold the 11K Hands files: HandInfo.csv and the folder Hands/" % folder)
    options = dataset.get("options") or {}
    aspect = _choice(options, "aspect", ["dorsal", "palmar", "any"])
    side = _choice(options, "side", ["left", "right", "any"])
    seeded = SeededSplit(options, "hands")
    csv = os.path.join(folder, "HandInfo.csv")
    csv_bytes = _read_file(csv, "HandInfo.csv", 16 << 20)
    lines = re.split(r"\r?\n", csv_bytes.decode("utf-8", "replace"))
    while lines and lines[-1] == "":
        lines.pop()  # Java's split drops trailing empty strings
    if not lines or java_strip(lines[0]) == "":
        raise DataError("HandInfo.csv: empty; line 1 must name the columns")
    header = _csv_fields(lines[0].replace("\ufeff", ""))

    def column(name):
        if name not in header:
            raise DataError("HandInfo.csv line 1: no column '%s' (columns: %s)" % (name, ", ".join(header)))
        return header.index(name)

    c_id, c_gender, c_aspect, c_image = column("id"), column("gender"), column("aspectOfHand"), column("imageName")
    photos, seen = [], set()
    for i in range(1, len(lines)):
        if java_strip(lines[i]) == "":
            continue
        at = "HandInfo.csv line %d" % (i + 1)
        f = _csv_fields(lines[i])
        if len(f) != len(header):
            raise DataError("%s: %d fields, the header has %d" % (at, len(f), len(header)))
        gender = f[c_gender].lower()
        if gender not in HANDS_CLASSES:
            raise DataError("%s: gender '%s' is not male or female" % (at, f[c_gender]))
        aspect_side = [p for p in re.split(r"[ \t\n\x0b\f\r]+", f[c_aspect].lower())]
        if len(aspect_side) != 2 or aspect_side[0] not in ("dorsal", "palmar") or aspect_side[1] not in ("left",
                                                                                                         "right"):
            raise DataError("%s: aspectOfHand '%s' is not '<dorsal|palmar> <left|right>'" % (at, f[c_aspect]))
        name = f[c_image]
        if name == "" or "/" in name or "\\" in name or name.startswith(".") or "\0" in name:
            raise DataError("%s: imageName '%s' is not a file name in Hands/" % (at, name))
        if name in seen:
            raise DataError("%s: image %s is named twice" % (at, name))
        seen.add(name)
        if not os.path.isfile(os.path.join(folder, "Hands", name)):
            raise DataError("%s: names Hands/%s, which does not exist" % (at, name))
        if f[c_id] == "":
            raise DataError("%s: the person id is empty" % at)
        if aspect in ("any", aspect_side[0]) and side in ("any", aspect_side[1]):
            photos.append((f[c_id], HANDS_CLASSES.index(gender), "Hands/" + name))
    if not photos:
        raise DataError("HandInfo.csv: no photo has aspect %s and side %s" % (aspect, side))
    subjects = sorted({p[0] for p in photos}, key=java_order)
    test_items = seeded.test_items(len(subjects), 0)
    test_subjects = {s for s, t in zip(subjects, test_items) if t}
    chosen = [p for p in photos if (p[0] in test_subjects) == (split == "test")]
    if not chosen:
        raise DataError("HandInfo.csv: the %s split is empty: %d people have photos with aspect %s and side %s; "
                        "change testFraction or the filter" % (split, len(subjects), aspect, side))
    part = "training people" if split == "train" else "test people"
    return _image_files_source("hands", folder, [p[2] for p in chosen], [p[1] for p in chosen], HANDS_CLASSES,
                               shape, dataset.get("resize", "bilinear"), [sha256_hex(csv_bytes)],
                               "%s (%s)" % (folder, part))
