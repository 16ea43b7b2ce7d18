package dev.smartcar.connect;

/** What an operator watches per connector task over JMX (jconsole, or a JMX exporter). */
public interface TaskMetricsMBean {

    long getLinesRead();

    long getLinesTruncated();

    long getFilesDone();

    long getFilesFailed();

    long getRowsWritten();

    long getRetries();

    long getRecordsFailed();
}
