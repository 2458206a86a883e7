// The same network and step on PyTorch's CPU build through DJL: the training-step and inference peer.
package dev.alexnet.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.alexnet.core.model.AlexNetConfig;
import dev.alexnet.core.model.LayerSpec;
import java.util.SplittableRandom;

/**
 * A preset's network built in DJL blocks from the same {@link LayerSpec} list the project builds
 * from (convolutions with their stride, padding and groups, ReLU, max pooling, FC, dropout); SGD lr 0.001, momentum 0.9, weight decay 5e-4, softmax
 * cross-entropy. DJL has no local-response-normalisation block, so the two LRN layers are left out
 * (the project's side keeps them: its step does strictly more work). Each step creates the input
 * from a host array and copies the softmax output back, as {@link OursStep} does.
 */
public final class PyTorchStep implements Step {
    private final Model model;
    private final Trainer trainer;
    private final NDManager manager;
    private final float[] in;
    private final float[] labels;
    private final Shape inShape;
    private final int threads;
    private final String preset;

    /** Sets PyTorch's intra- and inter-op thread counts; must run before the engine first loads. */
    public static void configureThreads(int threads) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    public PyTorchStep(AlexNetConfig cfg, int batch, int threads) {
        configureThreads(threads);
        this.threads = threads;
        this.preset = cfg.preset();
        SequentialBlock net = new SequentialBlock();
        for (LayerSpec l : cfg.features()) {
            switch (l) {
                case LayerSpec.Conv c -> net.add(Conv2d.builder().setFilters(c.k()).setKernelShape(new Shape(c.r(), c.r()))
                        .optStride(new Shape(c.stride(), c.stride())).optPadding(new Shape(c.pad(), c.pad()))
                        .optGroups(c.groups()).build());
                case LayerSpec.Relu r -> net.add(Activation.reluBlock());
                case LayerSpec.Lrn n -> { } // no LRN block in DJL: left out
                case LayerSpec.MaxPool m -> net.add(Pool.maxPool2dBlock(new Shape(m.size(), m.size()), new Shape(m.stride(), m.stride())));
                default -> throw new IllegalArgumentException("unexpected feature layer " + l);
            }
        }
        net.add(Blocks.batchFlattenBlock());
        for (LayerSpec l : cfg.classifier()) {
            switch (l) {
                case LayerSpec.Linear f -> net.add(Linear.builder().setUnits(f.out()).build());
                case LayerSpec.Relu r -> net.add(Activation.reluBlock());
                case LayerSpec.Dropout d -> net.add(Dropout.builder().optRate(d.p()).build());
                default -> throw new IllegalArgumentException("unexpected classifier layer " + l);
            }
        }
        this.model = Model.newInstance("alexnet-" + cfg.preset(), Device.cpu(), "PyTorch");
        model.setBlock(net);
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.001f))
                .optMomentum(0.9f).optWeightDecays(5e-4f).build();
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(sgd).optDevices(new Device[] {Device.cpu()});
        this.trainer = model.newTrainer(tc);
        this.inShape = new Shape(batch, cfg.inC(), cfg.inH(), cfg.inW());
        trainer.initialize(inShape);
        this.manager = trainer.getManager();
        SplittableRandom rng = new SplittableRandom(7);
        this.in = new float[(int) inShape.size()];
        for (int i = 0; i < in.length; i++) in[i] = (float) rng.nextGaussian();
        this.labels = new float[batch];
        for (int i = 0; i < batch; i++) labels[i] = rng.nextInt(cfg.classes());
    }

    @Override
    public void train() {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(in, inShape);
            NDArray y = step.create(labels);
            NDArray probs;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                gc.backward(loss);
                probs = logits.softmax(1);
            }
            trainer.step();
            probs.toFloatArray();
        }
    }

    @Override
    public void infer() {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(in, inShape);
            NDList out = model.getBlock().forward(new ParameterStore(step, false), new NDList(x), false);
            out.singletonOrThrow().toFloatArray();
        }
    }

    @Override
    public String describe() {
        Engine e = Engine.getEngine("PyTorch");
        return "PyTorch " + e.getVersion() + " CPU through DJL " + Engine.getDjlVersion() + ", " + threads
                + " intra-op thread" + (threads == 1 ? "" : "s") + ", " + preset + " without LRN";
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
