// One row of metrics.csv: the figures of one epoch for the training and the validation images.
package dev.alexnet.core.train;

/** Loss, accuracy and macro precision of one epoch, with its duration and training throughput. */
public record EpochMetrics(int epoch, double lr,
                           double trainLoss, double trainAccuracy, double trainPrecision,
                           double valLoss, double valAccuracy, double valPrecision,
                           double seconds, double imagesPerSecond) {
    public static final String CSV_HEADER =
            "epoch,lr,train_loss,train_accuracy,train_precision,val_loss,val_accuracy,val_precision,seconds,images_per_second";

    public String csvRow() {
        return String.format(java.util.Locale.ROOT, "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f,%.2f",
                epoch, lr, trainLoss, trainAccuracy, trainPrecision, valLoss, valAccuracy, valPrecision, seconds, imagesPerSecond);
    }
}
