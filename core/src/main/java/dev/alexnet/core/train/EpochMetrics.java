// One row of metrics.csv: the figures of one epoch for the training and the validation images.
package dev.alexnet.core.train;

/**
 * Loss, accuracy and macro precision of one epoch, with its duration and training throughput; macro
 * recall and F1 follow as extra columns after the first ten (readers go by column name).
 */
public record EpochMetrics(int epoch, double lr,
                           double trainLoss, double trainAccuracy, double trainPrecision,
                           double valLoss, double valAccuracy, double valPrecision,
                           double seconds, double imagesPerSecond,
                           double trainRecall, double valRecall, double trainF1, double valF1) {
    public static final String CSV_HEADER =
            "epoch,lr,train_loss,train_accuracy,train_precision,val_loss,val_accuracy,val_precision,seconds,images_per_second,"
                    + "train_recall,val_recall,train_f1,val_f1";

    /** A row from the training and validation confusion matrices of the epoch. */
    public static EpochMetrics of(int epoch, double lr, double trainLoss, ConfusionMatrix train, double valLoss,
                                  ConfusionMatrix val, double seconds, double imagesPerSecond) {
        return new EpochMetrics(epoch, lr, trainLoss, train.accuracy(), train.macroPrecision(), valLoss, val.accuracy(),
                val.macroPrecision(), seconds, imagesPerSecond, train.macroRecall(), val.macroRecall(), train.macroF1(),
                val.macroF1());
    }

    public String csvRow() {
        return String.format(java.util.Locale.ROOT, "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f,%.2f,%.6f,%.6f,%.6f,%.6f",
                epoch, lr, trainLoss, trainAccuracy, trainPrecision, valLoss, valAccuracy, valPrecision, seconds, imagesPerSecond,
                trainRecall, valRecall, trainF1, valF1);
    }
}
